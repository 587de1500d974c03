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

const collect = (v: string, prev: string[] | undefined) => [...(prev ?? []), v];

interface RunOptions {
  input?: string[];
  inputsFile?: string;
  output: string;
  dataDir?: string;
  remote?: boolean;
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
  program
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
    .option("--remote", "run on a Flyte server instead (not available yet)")
    .allowUnknownOption()
    .allowExcessArguments()
    .addHelpText("after", examples)
    .action(async (_file: unknown, _entity: unknown, opts: RunOptions, cmd: Command) => {
      await runCommand(cmd, opts, ctx);
    });
}

async function runCommand(cmd: Command, opts: RunOptions, ctx: CliContext): Promise<void> {
  const { io } = ctx;
  const format = parseOutputFormat(opts.output);
  if (opts.remote)
    throw new CliError(
      "remote runs need a server: start one with `flyte start` (remote runs are not supported by this CLI yet)",
    );
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
  checkRunnableLocally(entity);
  const pairs = [...(opts.input ?? []).map((p) => parsePair(p)), ...sugar];
  const inputs = resolveInputs(
    entity,
    { pairs, ...(opts.inputsFile !== undefined ? { inputsFile: opts.inputsFile } : {}) },
    io.cwd,
  );

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
