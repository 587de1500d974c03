import { mkdir, writeFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import type { Command } from "commander";
import type { CliContext } from "../../context.js";
import { CliError, ExitCode } from "../../exit-codes.js";
import { paint, parseOutputFormat, renderData, renderTable } from "../../output/format.js";
import type { RemoteFlags } from "../../remote/cli-config.js";
import { remoteFor, withRemoteOptions } from "../../remote/remote-options.js";
import { downloadBlobs } from "./execution-download.js";
import { printLogs } from "./execution-logs.js";
import { executionOutputs, printOutputs } from "./execution-report.js";
import { consoleUrl, executionPhaseName, executionRef, formatExecution, isTerminalExecution } from "./execution-ref.js";
import { followAndReport } from "./follow-and-report.js";

interface Flags extends RemoteFlags {
  output: string;
  reason?: string;
  out?: string;
  content: boolean;
  node?: string;
}

const NAME_HELP = "the execution: its name (in --project/--domain) or project/domain/name";

const help = (lines: string) =>
  `\nExamples:\n${lines}\n\nExit codes: 0 ok, 1 failed, 2 usage error, 3 server unreachable.`;

function sub(parent: Command, name: string, description: string, examples: string): Command {
  return withRemoteOptions(
    parent
      .command(name)
      .description(description)
      .argument("<name>", NAME_HELP)
      .option("-o, --output <format>", "table, json or yaml", "table"),
  ).addHelpText("after", help(examples));
}

/** `flyte execution relaunch|recover|terminate|watch|logs|outputs NAME`. */
export function registerExecution(program: Command, ctx: CliContext): void {
  const execution = program
    .command("execution")
    .description("Act on an execution of a Flyte server: relaunch, recover, terminate, watch, logs, outputs")
    .addHelpText(
      "after",
      `
Examples:
  $ flyte execution watch f8a3kq2m                   # follow it live; exit 0 if it succeeded
  $ flyte execution outputs f8a3kq2m --out results/  # outputs.json and the files
  $ flyte execution logs f8a3kq2m
  $ flyte execution terminate f8a3kq2m --reason "wrong inputs"
  $ flyte execution relaunch flytesnacks/development/f8a3kq2m

List executions with flyte get execution.`,
    );

  sub(
    execution,
    "relaunch",
    "Run an execution again with the same launch plan and inputs (prints the new name)",
    "  $ flyte execution relaunch f8a3kq2m\n  $ flyte execution relaunch flytesnacks/development/f8a3kq2m -o json",
  ).action(async (name: string, f: Flags) => {
    const remote = remoteFor(f, ctx);
    const id = executionRef(name, remote.config);
    const got = await remote.admin.relaunchExecution({ id, name: "" });
    printStarted(ctx, f, "relaunched", got.id, remote.config.endpoint);
  });

  sub(
    execution,
    "recover",
    "Re-run a failed execution, reusing the outputs of the nodes that succeeded",
    "  $ flyte execution recover f8a3kq2m",
  ).action(async (name: string, f: Flags) => {
    const remote = remoteFor(f, ctx);
    const id = executionRef(name, remote.config);
    const got = await remote.admin.recoverExecution({ id, name: "" });
    printStarted(ctx, f, "recovering", got.id, remote.config.endpoint);
  });

  sub(
    execution,
    "terminate",
    "Abort a running execution",
    '  $ flyte execution terminate f8a3kq2m --reason "wrong inputs"',
  )
    .option("--reason <text>", "why (recorded as the abort cause)", "terminated with flyte execution terminate")
    .action(async (name: string, f: Flags) => {
      const remote = remoteFor(f, ctx);
      const id = executionRef(name, remote.config);
      const before = await remote.admin.getExecution({ id });
      const phase = before.closure?.phase ?? 0;
      if (isTerminalExecution(phase))
        throw new CliError(
          `${formatExecution(id)} already ended (${executionPhaseName(phase)}): nothing to terminate`,
          ExitCode.Failed,
        );
      await remote.admin.terminateExecution({ id, cause: f.reason ?? "" });
      if (parseOutputFormat(f.output) === "table") ctx.io.stdout(`terminated ${formatExecution(id)}\n`);
      else
        ctx.io.stdout(
          renderData(parseOutputFormat(f.output) as "json" | "yaml", {
            execution: formatExecution(id),
            terminated: true,
            reason: f.reason,
          }),
        );
    });

  sub(
    execution,
    "watch",
    "Follow an execution live until it ends; exits 0 if it succeeded, 1 otherwise",
    "  $ flyte execution watch f8a3kq2m\n  $ flyte execution watch f8a3kq2m -o json   # the outcome and outputs for scripts",
  ).action(async (name: string, f: Flags) => {
    const format = parseOutputFormat(f.output);
    const remote = remoteFor(f, ctx);
    const id = executionRef(name, remote.config);
    ctx.io.stderr(
      `${paint(ctx.io.color, "bold", "watching")} ${formatExecution(id)} (${consoleUrl(remote.config.endpoint, id)})\n`,
    );
    await followAndReport(ctx, { remote, id, format });
  });

  sub(
    execution,
    "logs",
    "Print the log links of every task attempt, and the logs the server serves",
    "  $ flyte execution logs f8a3kq2m\n  $ flyte execution logs f8a3kq2m --node n1 --no-content   # only the links of node n1",
  )
    .option("--node <id>", "only this node")
    .option("--no-content", "print the links only, not the logs")
    .action(async (name: string, f: Flags) => {
      const remote = remoteFor(f, ctx);
      const id = executionRef(name, remote.config);
      const n = await printLogs(ctx, remote, id, {
        content: f.content,
        ...(f.node !== undefined ? { node: f.node } : {}),
      });
      if (n === 0)
        ctx.io.stderr(`${formatExecution(id)} has no task attempts${f.node ? ` at node ${f.node}` : ""} (yet)\n`);
    });

  sub(
    execution,
    "outputs",
    "Print an execution's outputs; with --out, write them as JSON and download their files",
    "  $ flyte execution outputs f8a3kq2m\n  $ flyte execution outputs f8a3kq2m --out results/   # outputs.json + files",
  )
    .option("--out <dir>", "write outputs.json and download files and folders into this folder")
    .action(async (name: string, f: Flags) => {
      await outputsCommand(name, f, ctx);
    });
}

function printStarted(
  ctx: CliContext,
  f: Flags,
  verb: string,
  id: Parameters<typeof formatExecution>[0],
  endpoint: string,
) {
  const format = parseOutputFormat(f.output);
  if (!id) throw new CliError("the server did not say the new execution's id", ExitCode.Internal);
  if (format === "table") ctx.io.stdout(`${id.name}\n`);
  else
    ctx.io.stdout(renderData(format, { execution: formatExecution(id), name: id.name, url: consoleUrl(endpoint, id) }));
  ctx.io.stderr(
    `${verb} as ${formatExecution(id)}: follow it with flyte execution watch ${id.name} -p ${id.project} -d ${id.domain}\n`,
  );
}

async function outputsCommand(name: string, f: Flags, ctx: CliContext): Promise<void> {
  const { io } = ctx;
  const format = parseOutputFormat(f.output);
  const remote = remoteFor(f, ctx);
  const id = executionRef(name, remote.config);
  const e = await remote.admin.getExecution({ id });
  const phase = executionPhaseName(e.closure?.phase ?? 0);
  if (phase !== "SUCCEEDED")
    throw new CliError(
      `${formatExecution(id)} is ${phase}: outputs exist once it succeeded${isTerminalExecution(e.closure?.phase ?? 0) ? "" : " (wait with flyte execution watch)"}`,
      ExitCode.Failed,
    );
  const { values, blobs } = await executionOutputs(remote, e);
  if (f.out === undefined) {
    if (format === "table") printOutputs(ctx, values);
    else io.stdout(renderData(format, values));
    return;
  }
  const dir = resolve(io.cwd, f.out);
  await mkdir(dir, { recursive: true });
  const files = await downloadBlobs(remote, blobs, dir);
  await writeFile(join(dir, "outputs.json"), JSON.stringify(values, null, 2) + "\n");
  const shown = (p: string) => (relative(io.cwd, p).startsWith("..") ? p : relative(io.cwd, p));
  if (format !== "table") {
    io.stdout(renderData(format, { outputs: values, dir, files }));
    return;
  }
  io.stdout(
    renderTable(
      ["OUTPUT", "WRITTEN TO"],
      [
        ["(all)", shown(join(dir, "outputs.json"))],
        ...files.map((x) => [x.output, x.path ? shown(x.path) : `not downloaded: ${x.reason ?? ""} (${x.uri})`]),
      ],
    ),
  );
}
