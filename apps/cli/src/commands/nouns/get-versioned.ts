import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import { Code } from "@connectrpc/connect";
import { NamedEntitySchema, NamedEntityState, type NamedEntity } from "@flyte-ts/idl/gen/flyteidl/admin/common_pb";
import type { LaunchPlan } from "@flyte-ts/idl/gen/flyteidl/admin/launch_plan_pb";
import type { Command } from "commander";
import type { CliContext } from "../../context.js";
import { CliError, ExitCode } from "../../exit-codes.js";
import { renderMessages, type Column } from "../../output/proto-output.js";
import type { RemoteFlags } from "../../remote/cli-config.js";
import { isRpcCode, type Remote } from "../../remote/remote-client.js";
import { remoteFor, withRemoteOptions } from "../../remote/remote-options.js";
import { LAUNCH_PLAN_KIND, type VersionedKind } from "./entity-kinds.js";
import { FILTER_HELP } from "./filters.js";
import { fetchPages, parseListFlags, withListOptions, type ListFlags, type ListQuery } from "./list-options.js";
import { namedEntityNames, notFoundError } from "./not-found.js";
import { launchPlanNotifications } from "./notifications.js";
import { fetchNextRuns, nextRunsOf } from "./schedules.js";

interface GetVersionedFlags extends ListFlags, RemoteFlags {
  version?: string;
  latest?: boolean;
  active?: boolean;
}

const NAMED_COLUMNS: readonly Column<NamedEntity>[] = [
  { header: "NAME", value: (e) => e.id?.name ?? "" },
  {
    header: "STATE",
    value: (e) => (NamedEntityState[e.metadata?.state ?? 0] ?? "").replace(/^NAMED_ENTITY_/, ""),
  },
  { header: "DESCRIPTION", value: (e) => e.metadata?.description || "-" },
];

/** `flyte get task|workflow|launchplan [name] [--version V | --latest | --active]`. */
export function registerGetVersioned<D extends DescMessage>(
  get: Command,
  ctx: CliContext,
  kind: VersionedKind<D>,
): void {
  const n = kind.noun;
  const cmd = get
    .command(n)
    .description(`List ${kind.label}s, the versions of one, or show one version`)
    .argument("[name]", `the ${kind.label}'s name; without it, list the names`)
    .option("--version <version>", "show this version")
    .option("--latest", "show the newest version");
  if (kind.noun === LAUNCH_PLAN_KIND.noun) {
    cmd.option("--active", "only the active version (with a name) or every active launch plan (without)");
  }
  withRemoteOptions(withListOptions(cmd)).addHelpText(
    "after",
    `
Examples:
  $ flyte get ${n}                                   # names in the project/domain
  $ flyte get ${n} my.module.name                    # its versions, newest first
  $ flyte get ${n} my.module.name --latest -o yaml   # the newest version, every field
  $ flyte get ${n} my.module.name --version v1 -o json${
    n === "launchplan"
      ? "\n  $ flyte get launchplan my.module.name --active       # the active version, schedule, next runs"
      : ""
  }
  $ flyte get ${n} --filter "name~train" --limit 20 -p myproject -d production

${FILTER_HELP}`,
  );
  cmd.action(async (name: string | undefined, flags: GetVersionedFlags) => {
    const query = parseListFlags(flags);
    if (flags.version !== undefined && flags.latest)
      throw new CliError("use either --version or --latest", ExitCode.Usage);
    if (name === undefined && (flags.version !== undefined || flags.latest)) {
      throw new CliError(
        `--version and --latest need a ${kind.label} name: flyte get ${n} NAME --latest`,
        ExitCode.Usage,
      );
    }
    if (flags.active && query.filters !== "") {
      throw new CliError(
        "--filter does not apply with --active (the server lists active launch plans unfiltered)",
        ExitCode.Usage,
      );
    }
    const remote = remoteFor(flags, ctx);
    const items = await fetchVersioned(remote, ctx, kind, name, flags, query);
    if (items === "names") return;
    const single =
      name !== undefined && (flags.version !== undefined || flags.latest === true || flags.active === true);
    const columns =
      kind.noun === LAUNCH_PLAN_KIND.noun ? await withNextRuns(remote, kind.columns, single) : kind.columns;
    ctx.io.stdout(
      renderMessages({
        format: query.format,
        schema: kind.schema,
        messages: items,
        columns,
        color: ctx.io.color,
        single,
      }),
    );
  });
}

async function fetchVersioned<D extends DescMessage>(
  remote: Remote,
  ctx: CliContext,
  kind: VersionedKind<D>,
  name: string | undefined,
  flags: GetVersionedFlags,
  query: ListQuery,
): Promise<MessageShape<D>[] | "names"> {
  const { project, domain } = remote.config;
  if (flags.active) return (await activeLaunchPlans(remote, ctx, name, query)) as MessageShape<D>[];
  if (name === undefined) {
    const entities = await fetchPages(query, ctx, async (page) => {
      const r = await remote.admin.listNamedEntities({
        resourceType: kind.resourceType,
        project,
        domain,
        filters: query.filters,
        ...(query.sortBy ? { sortBy: query.sortBy } : {}),
        ...page,
      });
      return { items: r.entities, token: r.token };
    });
    const render = renderMessages({
      format: query.format,
      schema: NamedEntitySchema,
      messages: entities,
      columns: NAMED_COLUMNS,
      color: ctx.io.color,
    });
    ctx.io.stdout(render);
    return "names";
  }
  if (flags.version !== undefined) {
    try {
      return [
        await kind.get(remote, { resourceType: kind.resourceType, project, domain, name, version: flags.version }),
      ];
    } catch (e) {
      if (isRpcCode(e, Code.NotFound)) throw await missing(remote, kind, name, flags.version);
      throw e;
    }
  }
  const id = { project, domain, name };
  if (flags.latest) {
    const page = await kind.list(remote, { id, limit: 1, token: "", filters: query.filters });
    if (page.items.length === 0) throw await missing(remote, kind, name);
    return page.items;
  }
  const items = await fetchPages(query, ctx, (page) =>
    kind.list(remote, { id, filters: query.filters, ...(query.sortBy ? { sortBy: query.sortBy } : {}), ...page }),
  );
  if (items.length === 0 && query.filters === "" && query.token === "") throw await missing(remote, kind, name);
  return items;
}

/** `--active`: one name's active version, or every active launch plan. */
async function activeLaunchPlans(
  remote: Remote,
  ctx: CliContext,
  name: string | undefined,
  query: ListQuery,
): Promise<LaunchPlan[]> {
  const { project, domain } = remote.config;
  if (name === undefined) {
    return fetchPages(query, ctx, async (page) => {
      const r = await remote.admin.listActiveLaunchPlans({
        project,
        domain,
        ...(query.sortBy ? { sortBy: query.sortBy } : {}),
        ...page,
      });
      return { items: r.launchPlans, token: r.token };
    });
  }
  try {
    return [await remote.admin.getActiveLaunchPlan({ id: { project, domain, name } })];
  } catch (e) {
    if (!isRpcCode(e, Code.NotFound)) throw e;
    const versions = await LAUNCH_PLAN_KIND.list(remote, {
      id: { project, domain, name },
      limit: 1,
      token: "",
      filters: "",
    });
    if (versions.items.length === 0) throw await missing(remote, LAUNCH_PLAN_KIND, name);
    throw new CliError(
      `launch plan '${name}' has no active version in ${project}/${domain}.\n` +
        `Activate one with: flyte launchplan activate ${name} --version ${versions.items[0]?.id?.version ?? "VERSION"}`,
      ExitCode.Failed,
    );
  }
}

/** The NOT_FOUND error for a name (closest names) or a version of an existing name (closest versions). */
async function missing<D extends DescMessage>(
  remote: Remote,
  kind: VersionedKind<D>,
  name: string,
  version?: string,
): Promise<CliError> {
  const { project, domain } = remote.config;
  const where = `${project}/${domain}`;
  const flags = `-p ${project} -d ${domain}`;
  if (version !== undefined) {
    const versions = await kind.list(remote, { id: { project, domain, name }, limit: 500, token: "", filters: "" });
    if (versions.items.length > 0) {
      return notFoundError({
        what: `version of ${kind.label} '${name}'`,
        name: version,
        where,
        candidates: versions.items.map((v) => (v as { id?: { version: string } }).id?.version ?? ""),
        listWith: `flyte get ${kind.noun} ${name} ${flags}`,
      });
    }
  }
  return notFoundError({
    what: kind.label,
    name,
    where,
    candidates: await namedEntityNames(remote, kind.resourceType),
    listWith: `flyte get ${kind.noun} ${flags}`,
  });
}

/**
 * Launch plan columns plus NEXT RUN from the scheduler (blank when the server has no schedules
 * route) and, for one version, its NOTIFICATIONS (`FAILED,TIMED_OUT → email a@x.com; …`).
 */
async function withNextRuns<T>(
  remote: Remote,
  columns: readonly Column<T>[],
  single: boolean,
): Promise<readonly Column<T>[]> {
  const runs = await fetchNextRuns(remote);
  const next: Column<LaunchPlan> = {
    header: "NEXT RUN",
    value: (lp) => nextRunsOf(runs, lp.id?.name ?? "", lp.id?.version ?? "")[0] ?? "-",
  };
  const notifications: Column<LaunchPlan> = { header: "NOTIFICATIONS", value: launchPlanNotifications };
  const extra = single ? [next, notifications] : [next];
  return [...columns, ...(extra as unknown as Column<T>[])];
}
