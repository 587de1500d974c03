import type { Command } from "commander";
import type { Signal } from "@flyte-ts/idl/gen/flyteidl/admin/signal_pb";
import type { WorkflowExecutionIdentifier } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import { typeToString } from "@flyte-ts/idl";
import { parseInputText, typeFromLiteralType } from "@flyte-ts/sdk";
import type { CliContext } from "../context.js";
import { CliError, ExitCode } from "../exit-codes.js";
import { parseOutputFormat, renderData, renderTable } from "../output/format.js";
import type { RemoteFlags } from "../remote/cli-config.js";
import type { Remote } from "../remote/remote-client.js";
import { remoteFor, withRemoteOptions } from "../remote/remote-options.js";
import { executionRef, formatExecution } from "./execution/execution-ref.js";
import { literalPlain } from "./execution/output-literals.js";
import { closestNames } from "./run/suggest.js";

interface SignalFlags extends RemoteFlags {
  execution?: string;
  value?: string;
  output: string;
  timeout: string;
}

const setExamples = `
The value is parsed by the signal's declared type (as flyte run parses inputs): an approve()
gate takes true or false, waitForSignal("title", t.string) a string, numbers, dates, durations,
JSON for lists and structs. A gate's signal exists once the execution reaches the gate:
--timeout waits for it.

Examples:
  $ flyte signal list --execution f8a3kq2m
  $ flyte signal set title --execution f8a3kq2m --value "Q3 report"
  $ flyte signal set review-report --execution f8a3kq2m --value true     # approve
  $ flyte signal set review-report --execution f8a3kq2m --value true --timeout 60

Exit codes: 0 set, 1 no such signal / already set / rejected, 2 usage error (wrong value type), 3 unreachable.`;

function typeName(s: Signal): string {
  try {
    return s.type ? typeToString(s.type) : "?";
  } catch {
    return "?";
  }
}

async function listSignals(remote: Remote, id: WorkflowExecutionIdentifier): Promise<Signal[]> {
  const got = await remote.signals.listSignals({ workflowExecutionId: id, limit: 1000 });
  return got.signals;
}

const requireExecution = (f: SignalFlags): string => {
  if (f.execution === undefined)
    throw new CliError("give the execution the signal belongs to: --execution <name>", ExitCode.Usage);
  return f.execution;
};

/** `flyte signal set|list`: the signals of gate nodes (waitForSignal, approve) of an execution. */
export function registerSignal(program: Command, ctx: CliContext): void {
  const signal = program
    .command("signal")
    .description("Set or list the signals gate nodes of an execution wait for")
    .addHelpText(
      "after",
      `
Examples:
  $ flyte signal list --execution f8a3kq2m
  $ flyte signal set review-report --execution f8a3kq2m --value true`,
    );
  withRemoteOptions(
    signal
      .command("set")
      .description("Give a waiting gate its signal value (approve, waitForSignal)")
      .argument("<signal>", "the signal id (the name given to waitForSignal/approve)")
      .option("--execution <name>", "the execution: its name or project/domain/name")
      .option("--value <value>", "the value, parsed by the signal's type")
      .option("--timeout <seconds>", "wait this long for the execution to reach the gate", "0")
      .option("-o, --output <format>", "table, json or yaml", "table"),
  )
    .addHelpText("after", setExamples)
    .action(async (name: string, f: SignalFlags) => {
      await setSignal(name, f, ctx);
    });
  withRemoteOptions(
    signal
      .command("list")
      .description("List an execution's signals: id, type, value (empty while waiting)")
      .option("--execution <name>", "the execution: its name or project/domain/name")
      .option("-o, --output <format>", "table, json or yaml", "table"),
  )
    .addHelpText(
      "after",
      "\nExamples:\n  $ flyte signal list --execution f8a3kq2m\n  $ flyte signal list --execution flytesnacks/development/f8a3kq2m -o json",
    )
    .action(async (f: SignalFlags) => {
      const format = parseOutputFormat(f.output);
      const remote = remoteFor(f, ctx);
      const id = executionRef(requireExecution(f), remote.config);
      const signals = await listSignals(remote, id);
      const rows = signals.map((s) => ({
        signal: s.id?.signalId ?? "",
        type: typeName(s),
        value: s.value ? literalPlain(s.value) : null,
      }));
      if (format !== "table") ctx.io.stdout(renderData(format, rows));
      else if (rows.length === 0)
        ctx.io.stdout(`${formatExecution(id)} has no signals (yet: a gate creates its signal when it is reached)\n`);
      else
        ctx.io.stdout(
          renderTable(
            ["SIGNAL", "TYPE", "VALUE"],
            rows.map((r) => [r.signal, r.type, r.value === null ? "(waiting)" : JSON.stringify(r.value)]),
          ),
        );
    });
}

async function setSignal(name: string, f: SignalFlags, ctx: CliContext): Promise<void> {
  const format = parseOutputFormat(f.output);
  if (f.value === undefined) throw new CliError(`give the signal's value: --value <value>`, ExitCode.Usage);
  const timeoutMs = Number(f.timeout) * 1000;
  if (!Number.isFinite(timeoutMs) || timeoutMs < 0)
    throw new CliError(`--timeout takes seconds, got '${f.timeout}'`, ExitCode.Usage);
  const remote = remoteFor(f, ctx);
  const id = executionRef(requireExecution(f), remote.config);
  const deadline = Date.now() + timeoutMs;
  let signals = await listSignals(remote, id);
  let found = signals.find((s) => s.id?.signalId === name);
  while (!found && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    signals = await listSignals(remote, id);
    found = signals.find((s) => s.id?.signalId === name);
  }
  if (!found) {
    const ids = signals.map((s) => s.id?.signalId ?? "");
    const close = closestNames(name, ids);
    const hint = close.length > 0 ? ` Did you mean ${close.map((c) => `'${c}'`).join(" or ")}?` : "";
    throw new CliError(
      `${formatExecution(id)} has no signal '${name}'${ids.length > 0 ? ` (its signals: ${ids.join(", ")})` : ""}.${hint} A gate's signal exists once the execution reaches it: wait with --timeout <seconds>.`,
      ExitCode.Failed,
    );
  }
  if (found.value) {
    throw new CliError(
      `signal '${name}' of ${formatExecution(id)} is already set to ${JSON.stringify(literalPlain(found.value))}`,
      ExitCode.Failed,
    );
  }
  if (!found.type) throw new CliError(`signal '${name}' has no type on the server`, ExitCode.Internal);
  const type = typeFromLiteralType(found.type);
  const what = `signal '${name}'`;
  let literal;
  try {
    literal = await type.toLiteral(parseInputText(type, f.value, what), { what });
  } catch (e) {
    throw new CliError(
      `${what} (expected ${type.name}): ${e instanceof Error ? e.message : String(e)}`,
      ExitCode.Usage,
    );
  }
  await remote.signals.setSignal({ id: { signalId: name, executionId: id }, value: literal });
  if (format === "table") ctx.io.stdout(`set signal ${name} of ${formatExecution(id)} to ${f.value}\n`);
  else
    ctx.io.stdout(renderData(format, { execution: formatExecution(id), signal: name, value: literalPlain(literal) }));
}
