import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline/promises";
import type { Command } from "commander";
import type { CliContext } from "../../context.js";
import { CliError, ExitCode } from "../../exit-codes.js";
import { paint, parseOutputFormat, renderData, renderTable, type OutputFormat } from "../../output/format.js";
import { formatDuration, ProgressRenderer } from "../../progress/progress-renderer.js";
import { entityHelp, entityListing } from "./entity-help.js";
import { loadEntity, loadModuleEntities } from "./load-entity.js";
import { localDataAccess } from "./local-data.js";
import { checkRunnableLocally } from "./local-support.js";
import { cellText } from "./output-values.js";
import { resolveInputs } from "./resolve-inputs.js";
import { parsePair, splitArgs } from "./split-args.js";
import { runLocally, type LocalRunReport } from "./run-local.js";
import { runRemote } from "./run-remote.js";
import { withRemoteOptions } from "../../remote/remote-options.js";

const collect = (v: string, prev: string[] | undefined) => [...(prev ?? []), v];

interface RunOptions {
  input?: string[];
  inputsFile?: string;
  output: string;
  dataDir?: string;
  remote?: boolean;
  wait: boolean;
  connectTimeout: string;
  image?: string;
  version?: string;
  endpoint?: string;
  project?: string;
  domain?: string;
  config?: string;
  signal?: string[];
  approve?: string[];
  help?: boolean;
}

const examples = `
Inputs are parsed by the entity's declared types: numbers, booleans, strings, dates (ISO 8601),
durations (90s, 1500 = ms), JSON for lists, maps and structs, local paths or URIs for files,
directories and dataframes. Inputs with defaults may be left out; flags win over --inputs-file.

Examples:
  $ flyte run examples/basic-workflow.ts --help                # what the file exports
  $ flyte run examples/basic-workflow.ts basicWorkflow --help  # its inputs, types, defaults
  $ flyte run examples/hello-world.ts helloWorld
  $ flyte run examples/basic-workflow.ts basicWorkflow --a 3 --b "hello "
  $ flyte run examples/basic-workflow.ts basicWorkflow --input a=3 --input b=hi
  $ flyte run examples/map-task.ts myMapWorkflow --a '[1,2,3]' -o json
  $ flyte run examples/files-and-directories.ts normalizeCsvFile --csvUrl ./data.csv \\
      --columnNames '["x","y"]' --columnsToNormalize '["x"]'
  $ flyte run examples/launch-plans.ts default_4_lp          # a launch plan, by name or export
  $ flyte run pipeline.ts train --inputs-file inputs.yaml
  $ flyte run examples/gates.ts reportingWf --data q3 --signal title=Q3 --approve review-report
  $ flyte run --remote examples/basic-workflow.ts basicWorkflow --a 3 --b hi   # on the server
  $ flyte run --remote examples/basic-workflow.ts t1 --a 3 --wait=false        # prints the execution id

Remote runs (--remote) fast-register the file's folder (a code bundle uploaded through the
server's data proxy, versioned by a hash of the code, so unchanged code registers nothing new),
start the execution (a task as a single-task execution, a workflow through its default launch
plan) and follow it live; local files, folders and dataframes given as inputs are uploaded.
--wait=false (or --no-wait) prints the execution id at once; follow it later with
\`flyte execution watch <name>\`. Gates of a remote run are set with \`flyte signal set\`.

Gates: a run that waits for a signal takes it from --signal/--approve, or asks on a terminal;
without either it stops with the signal's name and type.

Progress goes to stderr (redrawn on a terminal, one line per node transition otherwise);
outputs go to stdout: a table, or the whole run report with -o json|yaml.

Exit codes: 0 the run succeeded, 1 it failed (the failing node, error kind and message are
printed), 2 usage error (unknown entity, wrong or missing input), 4 internal error.`;

/**
 * `flyte run <file.ts> <entity> [--input k=v] [--k v] [--inputs-file f]`: runs a task, workflow
 * or launch plan of a TypeScript module locally, through the real engine in this process.
 */
export function registerRun(program: Command, ctx: CliContext): void {
  const cmd = program
    .command("run")
    .description("Run a task, workflow or launch plan of a TypeScript file locally, through the engine")
    .usage("[options] <file> <entity> [--<input> <value> ...]")
    .argument("[file]", "the TypeScript module that exports it")
    .argument("[entity]", "export name (or Flyte name) of the task, workflow or launch plan")
    .helpOption(false)
    .option("-h, --help", "show this help; with a file: its entities; with a file and an entity: its inputs")
    .option("--input <name=value>", "an input value (repeatable)", collect)
    .option("--inputs-file <file>", "a YAML or JSON mapping of input names to values")
    .option("-o, --output <format>", "table, json or yaml", "table")
    .option(
      "--signal <id=value>",
      "value of a gate's signal (waitForSignal), set when the run waits for it (repeatable)",
      collect,
    )
    .option("--approve <id>", "approve an approve() gate when the run reaches it (repeatable)", collect)
    .option("--data-dir <dir>", "where files, directories and dataframes are written (default: a new temp folder)")
    .option("--remote", "register the code on a Flyte server and run it there (see --endpoint)")
    .option(
      "--wait <bool>",
      "with --remote: follow the execution until it ends (--wait=false: print its id at once)",
      parseBool,
      true,
    )
    .option("--no-wait", "with --remote: print the execution id at once")
    .option(
      "--connect-timeout <seconds>",
      "with --remote: how long to wait for a server on this machine that is still starting",
      "30",
    )
    .option("--image <image>", "with --remote: container image of tasks that do not set one")
    .option("--version <version>", "with --remote: register at this version (default: a hash of the code)")
    .allowUnknownOption()
    .allowExcessArguments()
    .addHelpText("after", examples);
  withRemoteOptions(cmd).action(async (_file: unknown, _entity: unknown, opts: RunOptions, c: Command) => {
    await runCommand(c, opts, ctx);
  });
}

function parseBool(v: string): boolean {
  if (/^(true|yes|1)$/i.test(v)) return true;
  if (/^(false|no|0)$/i.test(v)) return false;
  throw new CliError(`--wait takes true or false, got '${v}'`);
}

async function runCommand(cmd: Command, opts: RunOptions, ctx: CliContext): Promise<void> {
  const { io } = ctx;
  const format = parseOutputFormat(opts.output);
  const { positionals, sugar } = splitArgs(cmd.args.filter((a) => a !== "--debug"));
  const [file, name, ...extra] = positionals;
  if (opts.help) {
    await printHelp(cmd, ctx, file, name);
    return;
  }
  if (file === undefined)
    throw new CliError("flyte run needs a file and an entity name: flyte run <file> <entity> (see flyte run --help)");
  if (name === undefined)
    throw new CliError(`give the entity to run: ${entityListing(file, await loadModuleEntities(file, io.cwd))}`);
  if (extra.length > 0)
    throw new CliError(
      `unexpected argument${extra.length > 1 ? "s" : ""} ${extra.map((e) => `'${e}'`).join(", ")}: give inputs as --name value or --input name=value`,
    );
  const { entity } = await loadEntity(file, name, io.cwd);
  if (!opts.remote) checkRunnableLocally(entity);
  const pairs = [...(opts.input ?? []).map((p) => parsePair(p)), ...sugar];
  const inputs = resolveInputs(
    entity,
    { pairs, ...(opts.inputsFile !== undefined ? { inputsFile: opts.inputsFile } : {}) },
    io.cwd,
  );
  if (opts.remote) {
    if ((opts.signal ?? []).length > 0 || (opts.approve ?? []).length > 0)
      throw new CliError(
        "--signal and --approve are for local runs: give a remote run's gates their values with `flyte signal set <id> --execution <name> --value <v>`",
      );
    const connectTimeout = Number(opts.connectTimeout);
    if (!Number.isFinite(connectTimeout) || connectTimeout < 0)
      throw new CliError(`--connect-timeout takes seconds, got '${opts.connectTimeout}'`);
    await runRemote(ctx, file, entity, inputs, {
      wait: opts.wait,
      connectTimeoutMs: connectTimeout * 1000,
      format,
      ...pick(opts, ["endpoint", "project", "domain", "config", "image", "version"]),
    });
    return;
  }

  const data = localDataAccess(
    opts.dataDir !== undefined ? resolve(io.cwd, opts.dataDir) : mkdtempSync(join(tmpdir(), "flyte-run-")),
  );
  const interactive = io.color && Boolean(process.stderr.isTTY);
  // Redrawing more lines than the terminal has would scroll the table away: keep it on screen.
  const maxRows = Math.max(5, (process.stderr.rows || 44) - 4);
  const progress = new ProgressRenderer({ write: io.stderr, color: io.color, interactive, maxRows });
  io.stderr(`${paint(io.color, "bold", "running")} ${entity.label} locally\n`);
  const abort = new AbortController();
  const onInterrupt = () => abort.abort();
  process.once("SIGINT", onInterrupt);
  let report: LocalRunReport;
  try {
    const given = new Map<string, string>((opts.approve ?? []).map((id) => [id, "true"]));
    for (const s of opts.signal ?? []) {
      const [id, value] = parsePair(s, "--signal");
      given.set(id, value);
    }
    const prompt = process.stdin.isTTY && process.stderr.isTTY ? promptOn(progress) : undefined;
    report = await runLocally(entity, inputs, {
      data,
      progress,
      signal: abort.signal,
      gates: { given, ...(prompt ? { prompt } : {}) },
    });
  } finally {
    process.removeListener("SIGINT", onInterrupt);
  }
  // An interrupted task body may still hold timers or sockets: once the report is out, do not
  // wait for them (an unref'd timer fires only if something else keeps the process alive).
  if (abort.signal.aborted) setTimeout(() => process.exit(ExitCode.Failed), 200).unref();
  const types = Object.fromEntries(Object.entries(entity.iface.outputs).map(([k, t]) => [k, t.name]));
  printReport(ctx, format, report, types);
  if (report.phase !== "SUCCEEDED") ctx.exitCode = ExitCode.Failed;
}

function printReport(
  ctx: CliContext,
  format: OutputFormat,
  r: LocalRunReport,
  types: Readonly<Record<string, string>>,
): void {
  const { io } = ctx;
  const took = formatDuration(r.durationMs);
  if (r.phase === "SUCCEEDED") {
    io.stderr(`${paint(io.color, "green", "SUCCEEDED")} in ${took} (execution ${r.execution})\n`);
  } else {
    const e = r.error;
    const where = e?.node ? ` at node ${e.node}${e.nodeName && e.nodeName !== e.node ? ` (${e.nodeName})` : ""}` : "";
    io.stderr(`${paint(io.color, "red", r.phase)} in ${took} (execution ${r.execution})\n`);
    const what =
      r.phase === "ABORTED"
        ? `was aborted${where}`
        : `failed${where}: ${e?.kind ?? "unknown"} error [${e?.code ?? "Unknown"}]`;
    io.stderr(`${paint(io.color, "red", "error:")} ${r.entity} ${what}\n${indent(e?.message ?? "")}\n`);
    if (ctx.debug) {
      // Every node that carries an error (the cause and the parents it failed), as the engine reported them.
      for (const n of r.nodes.filter((x) => x.error)) {
        io.stderr(
          `debug: node ${n.id} (${n.name}) ${n.phase}: ${n.error?.kind} [${n.error?.code}] ${n.error?.message}\n`,
        );
      }
    }
  }
  if (format !== "table") {
    io.stdout(renderData(format, r));
    return;
  }
  if (r.phase !== "SUCCEEDED" || !r.outputs) return;
  const names = Object.keys(r.outputs);
  if (names.length === 0) {
    io.stdout("no outputs\n");
    return;
  }
  io.stdout(
    renderTable(
      ["OUTPUT", "TYPE", "VALUE"],
      names.map((n) => [n, types[n] ?? "", cellText(r.outputs?.[n])]),
    ),
  );
}

/** Asks on the terminal, with the progress table paused meanwhile. */
function promptOn(progress: ProgressRenderer): (question: string) => Promise<string> {
  return async (question) => {
    progress.pause();
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      return await rl.question(question);
    } finally {
      rl.close();
      progress.resume();
    }
  };
}

/** `--help`: the command's help, a file's entities, or an entity's inputs and outputs. */
async function printHelp(cmd: Command, ctx: CliContext, file: string | undefined, name: string | undefined) {
  if (file === undefined) {
    cmd.outputHelp();
    return;
  }
  if (name === undefined) {
    ctx.io.stdout(entityListing(file, await loadModuleEntities(file, ctx.io.cwd)));
    return;
  }
  const { entity, exportName } = await loadEntity(file, name, ctx.io.cwd);
  ctx.io.stdout(entityHelp(file, { key: exportName, entity }));
}

const indent = (text: string) =>
  text
    .split("\n")
    .map((l) => `  ${l}`)
    .join("\n");

function pick<T extends object, K extends keyof T>(o: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}
