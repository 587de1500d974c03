import { create } from "@bufbuild/protobuf";
import { Sort_Direction, SortSchema, type Sort } from "@flyte-ts/idl/gen/flyteidl/admin/common_pb";
import { Option, type Command } from "commander";
import type { CliContext } from "../../context.js";
import { CliError, ExitCode } from "../../exit-codes.js";
import { outputFormats, parseOutputFormat, type OutputFormat } from "../../output/format.js";
import { toFlyteFilters } from "./filters.js";

/** Flags of every `get` command. */
export interface OutputFlags {
  output: string;
}

/** Flags of a `get` command that lists. */
export interface ListFlags extends OutputFlags {
  filter?: string;
  limit: string;
  sortBy?: string;
  token?: string;
  all?: boolean;
}

/** What a list request needs, parsed and checked. */
export interface ListQuery {
  format: OutputFormat;
  filters: string;
  limit: number;
  sortBy: Sort | undefined;
  token: string;
  all: boolean;
}

export const DEFAULT_LIMIT = 100;

/** `-o table|json|yaml`. */
export function withOutputOption(cmd: Command): Command {
  return cmd.addOption(
    new Option("-o, --output <format>", "output format").choices([...outputFormats]).default("table"),
  );
}

/** `-o`, `--filter`, `--limit`, `--sort-by`, `--token`, `--all`. */
export function withListOptions(cmd: Command): Command {
  return withOutputOption(cmd)
    .option("--filter <filters>", 'only matching items: "phase=SUCCEEDED,name~foo" or raw "eq(phase,SUCCEEDED)"')
    .option("--limit <n>", "at most n items per page", String(DEFAULT_LIMIT))
    .option("--sort-by <field[:asc|desc]>", "sort by a field, e.g. created_at:desc (default order: newest first)")
    .option("--token <token>", "start at this page (the token a previous page printed)")
    .option("--all", "fetch every page");
}

export function parseListFlags(flags: ListFlags): ListQuery {
  const limit = Number(flags.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
    throw new CliError(`--limit must be a whole number from 1 to 10000, got "${flags.limit}"`, ExitCode.Usage);
  }
  if (flags.all && flags.token) throw new CliError("use either --all or --token, not both", ExitCode.Usage);
  return {
    format: parseOutputFormat(flags.output),
    filters: toFlyteFilters(flags.filter),
    limit,
    sortBy: parseSort(flags.sortBy),
    token: flags.token ?? "",
    all: flags.all ?? false,
  };
}

/** `created_at`, `created_at:asc`, `name:desc`. */
export function parseSort(text: string | undefined): Sort | undefined {
  if (text === undefined || text.trim() === "") return undefined;
  const [key = "", dir = "desc", ...rest] = text.trim().split(":");
  if (!/^[A-Za-z_][A-Za-z0-9_.]*$/.test(key) || rest.length > 0) {
    throw new CliError(`--sort-by must be field[:asc|desc], got "${text}"`, ExitCode.Usage);
  }
  const d = dir.toLowerCase();
  if (d !== "asc" && d !== "desc") {
    throw new CliError(`--sort-by direction must be asc or desc, got "${dir}"`, ExitCode.Usage);
  }
  return create(SortSchema, { key, direction: d === "asc" ? Sort_Direction.ASCENDING : Sort_Direction.DESCENDING });
}

/** A page of a list RPC. */
export interface Page<T> {
  items: T[];
  token: string;
}

/**
 * Fetches one page (at `query.token`) or, with `--all`, every page. In table mode the token of
 * the next page goes to stderr so stdout stays the table; JSON/YAML print only the items.
 */
export async function fetchPages<T>(
  query: ListQuery,
  ctx: CliContext,
  fetch: (page: { limit: number; token: string }) => Promise<Page<T>>,
): Promise<T[]> {
  const items: T[] = [];
  let token = query.token;
  const seen = new Set<string>([token]);
  for (;;) {
    const page = await fetch({ limit: query.limit, token });
    items.push(...page.items);
    token = page.token;
    if (!query.all || token === "" || page.items.length === 0) break;
    // A server that hands back a token it gave before would loop forever.
    if (seen.has(token))
      throw new CliError(`the server returned page token ${token} twice; stopping`, ExitCode.Internal);
    seen.add(token);
  }
  if (!query.all && token !== "" && query.format === "table") {
    ctx.io.stderr(`more results: rerun with --token ${token} (or --all)\n`);
  }
  return items;
}
