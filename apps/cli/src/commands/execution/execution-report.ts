import type { Execution } from "@flyte-ts/idl/gen/flyteidl/admin/execution_pb";
import type { LiteralType } from "@flyte-ts/idl/gen/flyteidl/core/types_pb";
import type { CliContext } from "../../context.js";
import { ExitCode } from "../../exit-codes.js";
import { paint, renderData, renderTable, type OutputFormat } from "../../output/format.js";
import type { NodeFailure } from "../../progress/node-states.js";
import { formatDuration, type ProgressRenderer } from "../../progress/progress-renderer.js";
import type { Remote } from "../../remote/remote-client.js";
import { errorKind } from "../../progress/node-states.js";
import { cellText } from "../run/output-values.js";
import { executionPhaseName, formatExecution } from "./execution-ref.js";
import { plainOutputs } from "./output-literals.js";

/** What a followed execution ended with: printed as a table, JSON or YAML. */
export interface RemoteRunReport {
  readonly execution: string;
  readonly phase: string;
  readonly durationMs: number;
  readonly outputs?: Record<string, unknown>;
  readonly error?: { readonly node?: string; readonly nodeName?: string } & NodeFailure;
  readonly nodes: readonly { id: string; name: string; phase: string; durationMs?: number; error?: NodeFailure }[];
}

/** Output types of an execution, from its launch plan (empty when it cannot be read). */
export async function outputTypes(remote: Remote, e: Execution): Promise<Record<string, LiteralType | undefined>> {
  const lp = e.spec?.launchPlan;
  if (!lp) return {};
  try {
    const got = await remote.admin.getLaunchPlan({ id: lp });
    return Object.fromEntries(
      Object.entries(got.closure?.expectedOutputs?.variables ?? {}).map(([k, v]) => [k, v.type]),
    );
  } catch {
    return {};
  }
}

/** Outputs of an execution (GetExecutionData) as plain values. */
export async function executionOutputs(remote: Remote, e: Execution) {
  const data = await remote.admin.getExecutionData({ id: e.id });
  return plainOutputs(data.fullOutputs?.literals ?? {}, await outputTypes(remote, e));
}

/**
 * Prints how a followed execution ended: phase and duration on stderr, then the outputs (stdout)
 * or the failing node and error (stderr); -o json|yaml prints the whole report. A run that did not
 * succeed sets exit code 1.
 */
export async function reportExecution(
  ctx: CliContext,
  o: { remote: Remote; execution: Execution; format: OutputFormat; progress: ProgressRenderer },
): Promise<RemoteRunReport> {
  const { io } = ctx;
  const { execution: e, remote } = o;
  const phase = executionPhaseName(e.closure?.phase ?? 0);
  const d = e.closure?.duration;
  const durationMs = d ? Number(d.seconds) * 1000 + Math.round(d.nanos / 1e6) : 0;
  const name = formatExecution(e.id);
  const nodes = o.progress.states.all.map((n) => ({
    id: n.id,
    name: n.name,
    phase: n.phase,
    ...(n.startedAtMs !== undefined && n.endedAtMs !== undefined ? { durationMs: n.endedAtMs - n.startedAtMs } : {}),
    ...(n.error ? { error: n.error } : {}),
  }));
  const base = { execution: name, phase, durationMs, nodes };
  let report: RemoteRunReport;
  if (phase === "SUCCEEDED") {
    io.stderr(`${paint(io.color, "green", "SUCCEEDED")} in ${formatDuration(durationMs)} (execution ${name})\n`);
    const { values } = await executionOutputs(remote, e);
    report = { ...base, outputs: values };
  } else {
    ctx.exitCode = ExitCode.Failed;
    const err = e.closure?.outputResult.case === "error" ? e.closure.outputResult.value : undefined;
    const failed = o.progress.states.firstFailure;
    const error = {
      kind: failed?.error?.kind ?? (err ? errorKind(err.kind) : "unknown"),
      code: failed?.error?.code ?? err?.code ?? (phase === "ABORTED" ? "Aborted" : "Unknown"),
      message:
        failed?.error?.message ??
        err?.message ??
        (phase === "ABORTED"
          ? (e.closure?.outputResult.case === "abortMetadata" ? e.closure.outputResult.value.cause : "") || "aborted"
          : `the execution is ${phase}`),
      ...(failed ? { node: failed.id, nodeName: failed.name } : {}),
    };
    report = { ...base, error };
    const where = error.node
      ? ` at node ${error.node}${error.nodeName !== error.node ? ` (${error.nodeName})` : ""}`
      : "";
    io.stderr(`${paint(io.color, "red", phase)} in ${formatDuration(durationMs)} (execution ${name})\n`);
    const what = phase === "ABORTED" ? `was aborted${where}` : `failed${where}: ${error.kind} error [${error.code}]`;
    io.stderr(`${paint(io.color, "red", "error:")} ${name} ${what}\n${indent(error.message)}\n`);
  }
  if (o.format !== "table") {
    io.stdout(renderData(o.format, report));
    return report;
  }
  if (report.outputs) printOutputs(ctx, report.outputs);
  return report;
}

export function printOutputs(ctx: CliContext, outputs: Record<string, unknown>): void {
  const names = Object.keys(outputs);
  if (names.length === 0) {
    ctx.io.stdout("no outputs\n");
    return;
  }
  ctx.io.stdout(
    renderTable(
      ["OUTPUT", "VALUE"],
      names.map((n) => [n, cellText(outputs[n])]),
    ),
  );
}

const indent = (text: string) =>
  text
    .split("\n")
    .map((l) => `  ${l}`)
    .join("\n");
