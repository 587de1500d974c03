import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import type { Command } from "commander";
import { parse as parseYaml } from "yaml";
import type { CliContext } from "../../context.js";
import { CliError, ExitCode } from "../../exit-codes.js";
import { parseOutputFormat } from "../../output/format.js";
import { renderColumns, renderYaml } from "../../output/proto-output.js";
import {
  defaultConfigPath,
  DEFAULT_DOMAIN,
  DEFAULT_ENDPOINT,
  DEFAULT_PROJECT,
  normaliseEndpoint,
  resolveRemoteConfig,
  type RemoteFlags,
} from "../../remote/cli-config.js";
import { withRemoteOptions } from "../../remote/remote-options.js";
import { withOutputOption, type OutputFlags } from "./list-options.js";

/** The file `--config`, `$FLYTE_CONFIG` or `~/.flyte/config.yaml` names. */
function configPath(flags: RemoteFlags, ctx: CliContext): string {
  const named = flags.config ?? ctx.io.env.FLYTE_CONFIG;
  if (named) return isAbsolute(named) ? named : resolve(ctx.io.cwd, named);
  return defaultConfigPath(ctx.io.env);
}

/** A config file with a comment on every key. */
export function configFileText(o: { endpoint: string; insecure: boolean; project: string; domain: string }): string {
  return `# Configuration of the flyte command line, written by \`flyte config init\`.
# Precedence: command-line flags > FLYTE_* environment variables > this file > built-in defaults.
# Check what a command will use with \`flyte config show\`.
admin:
  # The Flyte server: host:port or http(s)://host:port.
  # Flag --endpoint, env FLYTE_ENDPOINT. Default ${DEFAULT_ENDPOINT} (a local \`flyte start\`).
  endpoint: ${o.endpoint}
  # true: talk plain HTTP when the endpoint has no scheme (local servers); false: HTTPS.
  insecure: ${o.insecure}
  # A bearer token sent with every call, for servers behind authentication. Env FLYTE_TOKEN.
  # token: ""
# The project commands act in. Flag -p/--project, env FLYTE_PROJECT. Default ${DEFAULT_PROJECT}.
project: ${o.project}
# The domain commands act in (development, staging, production). Flag -d/--domain, env FLYTE_DOMAIN.
domain: ${o.domain}
`;
}

interface InitFlags extends RemoteFlags {
  force?: boolean;
}

/** `flyte config init [--endpoint] [--project] [--domain] [--force] [--config path]`. */
export function registerConfigInit(config: Command, ctx: CliContext): void {
  withRemoteOptions(
    config
      .command("init")
      .description("Write a config file (~/.flyte/config.yaml, or --config) with comments explaining each key")
      .option("--force", "overwrite an existing file"),
  )
    .addHelpText(
      "after",
      `
Examples:
  $ flyte config init                                   # localhost:8088, flytesnacks/development
  $ flyte config init --endpoint flyte.example.com:443 --project ml --domain production
  $ flyte config init --config ./flyte.yaml --force`,
    )
    .action((flags: InitFlags) => {
      const path = configPath(flags, ctx);
      if (existsSync(path) && !flags.force) {
        throw new CliError(
          `${path} already exists: pass --force to overwrite it (see it with flyte config show)`,
          ExitCode.Usage,
        );
      }
      const raw = flags.endpoint ?? DEFAULT_ENDPOINT;
      const secure = /^https:\/\//i.test(raw) || /:443$/.test(raw);
      normaliseEndpoint(raw, !secure);
      const project = flags.project ?? DEFAULT_PROJECT;
      const domain = flags.domain ?? DEFAULT_DOMAIN;
      for (const [k, v] of [
        ["project", project],
        ["domain", domain],
      ] as const) {
        if (!/^[a-z0-9]([-a-z0-9_]*[a-z0-9])?$/i.test(v)) {
          throw new CliError(
            `--${k} must be a Flyte identifier (letters, digits, - and _), got ${JSON.stringify(v)}`,
            ExitCode.Usage,
          );
        }
      }
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, configFileText({ endpoint: raw, insecure: !secure, project, domain }));
      ctx.io.stdout(`wrote ${path}\n`);
    });
}

interface Shown {
  key: string;
  value: string;
  source: string;
}

/** `flyte config show`: the resolved config and where each value came from. */
export function registerConfigShow(config: Command, ctx: CliContext): void {
  withRemoteOptions(
    withOutputOption(config.command("show").description("Print the resolved config and where each value came from")),
  )
    .addHelpText(
      "after",
      `
Examples:
  $ flyte config show
  $ FLYTE_PROJECT=ml flyte config show -o yaml
  $ flyte config show --config ./flyte.yaml`,
    )
    .action((flags: RemoteFlags & OutputFlags) => {
      const format = parseOutputFormat(flags.output);
      const resolved = resolveRemoteConfig(flags, ctx.io.env, ctx.io.cwd);
      const path = configPath(flags, ctx);
      const file = resolved.file ? readKeys(resolved.file) : {};
      const env = ctx.io.env;
      const sourceOf = (flag: string | undefined, envName: string, fileKey: string, fileValue: unknown): string => {
        if (flag !== undefined) return `flag --${fileKey.replace(/^admin\./, "")}`;
        if (env[envName] !== undefined) return `env ${envName}`;
        if (fileValue !== undefined) return `file ${resolved.file} (${fileKey})`;
        return "default";
      };
      const rows: Shown[] = [
        {
          key: "endpoint",
          value: resolved.endpoint,
          source: sourceOf(flags.endpoint, "FLYTE_ENDPOINT", "admin.endpoint", file.endpoint),
        },
        {
          key: "project",
          value: resolved.project,
          source: sourceOf(flags.project, "FLYTE_PROJECT", "project", file.project),
        },
        {
          key: "domain",
          value: resolved.domain,
          source: sourceOf(flags.domain, "FLYTE_DOMAIN", "domain", file.domain),
        },
        {
          key: "token",
          value: resolved.token === "" ? "(none)" : `****${resolved.token.slice(-4)}`,
          source: sourceOf(undefined, "FLYTE_TOKEN", "admin.token", file.token),
        },
        {
          key: "config file",
          value: resolved.file ?? `${path} (not found)`,
          source: flags.config ? "flag --config" : env.FLYTE_CONFIG ? "env FLYTE_CONFIG" : "default",
        },
      ];
      if (format === "table") {
        const columns = [
          { header: "KEY", value: (r: Shown) => r.key },
          { header: "VALUE", value: (r: Shown) => r.value },
          { header: "FROM", value: (r: Shown) => r.source },
        ];
        ctx.io.stdout(renderColumns(columns, rows, ctx.io.color));
        return;
      }
      const data = Object.fromEntries(rows.map((r) => [r.key.replace(" ", "_"), { value: r.value, from: r.source }]));
      ctx.io.stdout(format === "json" ? JSON.stringify(data, null, 2) + "\n" : renderYaml(data));
    });
}

/** The keys set in a config file (already validated by resolveRemoteConfig). */
function readKeys(path: string): { endpoint?: unknown; token?: unknown; project?: unknown; domain?: unknown } {
  const doc = (parseYaml(readFileSync(path, "utf8")) ?? {}) as Record<string, unknown>;
  const admin = (doc.admin ?? {}) as Record<string, unknown>;
  return { endpoint: admin.endpoint, token: admin.token, project: doc.project, domain: doc.domain };
}
