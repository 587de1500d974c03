import { homedir } from "node:os";
import type { Command } from "commander";
import { InvalidServerConfigError, loadServerConfig, startServer, type ServerConfigInput } from "@flyte-ts/server";
import type { CliContext } from "../context.js";
import { CliError, ExitCode } from "../exit-codes.js";

/** Engine/server warnings printed without --debug. */
const MAX_WARNINGS = 10;

interface StartFlags {
  port?: string;
  host?: string;
  dataDir?: string;
  config?: string;
}

/** `flyte start`: the control plane and the engine in one process, until SIGTERM/SIGINT drains it. */
export function registerStart(program: Command, ctx: CliContext): void {
  program
    .command("start")
    .description(
      "Run the Flyte server (control plane + engine) in one process: SQLite and file:// storage in a data directory",
    )
    .option("--port <n>", "port to listen on (0 picks a free one; default 8088, env FLYTE_PORT)")
    .option("--host <host>", "interface to listen on (default 127.0.0.1, env FLYTE_HOST)")
    .option("--data-dir <dir>", "where databases, blobs and logs live (default ~/.flyte-ts, env FLYTE_DATA_DIR)")
    .option(
      "--config <file>",
      "a YAML config file (keys: host, port, dataDir, database.url, storage.root, engine.*, notifications)",
    )
    .action(async (flags: StartFlags) => {
      await runStart(flags, ctx);
    });
}

async function runStart(flags: StartFlags, ctx: CliContext): Promise<void> {
  const overrides: ServerConfigInput = {};
  if (flags.port !== undefined) {
    if (!/^\d+$/.test(flags.port) || Number(flags.port) > 65535) {
      throw new CliError(`--port must be a number from 0 to 65535, got ${JSON.stringify(flags.port)}`);
    }
    overrides.port = Number(flags.port);
  }
  if (flags.host !== undefined) overrides.host = flags.host;
  if (flags.dataDir !== undefined) overrides.dataDir = flags.dataDir;
  let config;
  try {
    config = loadServerConfig({
      ...(flags.config === undefined ? {} : { file: flags.config }),
      env: ctx.io.env,
      overrides,
      home: homedir(),
      cwd: ctx.io.cwd,
    });
  } catch (e) {
    if (e instanceof InvalidServerConfigError) throw new CliError(e.message, ExitCode.Usage);
    throw e;
  }
  const t0 = Date.now();
  let warned = 0;
  const server = await startServer({
    config,
    hostEnv: { PATH: ctx.io.env.PATH ?? "/usr/local/bin:/usr/bin:/bin" },
    onError: (e, where) => {
      // The first few always (a rejected event means admin and engine disagree); all with --debug.
      warned += 1;
      if (!ctx.debug && warned > MAX_WARNINGS) return;
      const text = e instanceof Error ? (ctx.debug ? (e.stack ?? e.message) : e.message) : String(e);
      ctx.io.stderr(`warning [${where}]: ${text}\n`);
      if (!ctx.debug && warned === MAX_WARNINGS) ctx.io.stderr("further warnings are hidden; rerun with --debug\n");
    },
  }).catch((e: unknown) => {
    const code = (e as { code?: unknown }).code;
    if (code === "EADDRINUSE") {
      throw new CliError(`port ${config.port} on ${config.host} is in use; pick another with --port`, ExitCode.Failed);
    }
    throw e;
  });
  ctx.io.stdout(
    `Flyte is running at ${server.url} (ready in ${Date.now() - t0} ms)\n` +
      `  data dir: ${server.dataDir}\n` +
      (server.resumed > 0 ? `  resumed ${server.resumed} unfinished execution(s)\n` : "") +
      `  stop with Ctrl-C (running executions resume on the next start)\n`,
  );
  const signal = await new Promise<string>((resolve) => {
    process.once("SIGTERM", () => resolve("SIGTERM"));
    process.once("SIGINT", () => resolve("SIGINT"));
  });
  ctx.io.stdout(`${signal}: draining...\n`);
  await server.close();
  ctx.io.stdout("stopped\n");
}
