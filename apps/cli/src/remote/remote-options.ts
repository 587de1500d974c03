import type { Command } from "commander";
import type { CliContext } from "../context.js";
import { resolveRemoteConfig, type RemoteFlags } from "./cli-config.js";
import { openRemote, type Remote } from "./remote-client.js";

/** Adds `--endpoint --project --domain --config` to a command that talks to a server. */
export function withRemoteOptions(cmd: Command): Command {
  return cmd
    .option(
      "--endpoint <host:port>",
      "the Flyte server (env FLYTE_ENDPOINT, config admin.endpoint; default localhost:8088)",
    )
    .option("-p, --project <name>", "project (env FLYTE_PROJECT, config project; default flytesnacks)")
    .option("-d, --domain <name>", "domain (env FLYTE_DOMAIN, config domain; default development)")
    .option("--config <file>", "config file (env FLYTE_CONFIG; default ~/.flyte/config.yaml)");
}

/** The remote of a command's flags (as added by `withRemoteOptions`), env and config file. */
export function remoteFor(flags: RemoteFlags, ctx: CliContext): Remote {
  return openRemote(resolveRemoteConfig(flags, ctx.io.env, ctx.io.cwd));
}
