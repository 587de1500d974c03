import type { WorkflowExecutionIdentifier } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import type { CliContext } from "../../context.js";
import { ExitCode } from "../../exit-codes.js";
import type { OutputFormat } from "../../output/format.js";
import { ProgressRenderer } from "../../progress/progress-renderer.js";
import type { Remote } from "../../remote/remote-client.js";
import { formatExecution } from "./execution-ref.js";
import { reportExecution, type RemoteRunReport } from "./execution-report.js";
import { followExecution } from "./follow-execution.js";

/** Follows an execution live (Ctrl-C stops following, not the execution) and reports how it ended. */
export async function followAndReport(
  ctx: CliContext,
  o: { remote: Remote; id: WorkflowExecutionIdentifier; format: OutputFormat; intervalMs?: number },
): Promise<RemoteRunReport | undefined> {
  const { io } = ctx;
  const interactive = io.color && Boolean(process.stderr.isTTY);
  const maxRows = Math.max(5, (process.stderr.rows || 44) - 4);
  const progress = new ProgressRenderer({ write: io.stderr, color: io.color, interactive, maxRows });
  const abort = new AbortController();
  const onInterrupt = () => abort.abort();
  process.once("SIGINT", onInterrupt);
  let execution;
  try {
    execution = await followExecution({
      remote: o.remote,
      id: o.id,
      progress,
      signal: abort.signal,
      ...(o.intervalMs !== undefined ? { intervalMs: o.intervalMs } : {}),
    });
  } finally {
    process.removeListener("SIGINT", onInterrupt);
  }
  if (abort.signal.aborted) {
    io.stderr(
      `stopped following ${formatExecution(o.id)}; it keeps running. Follow it again: flyte execution watch ${o.id.name} -p ${o.id.project} -d ${o.id.domain}\n`,
    );
    ctx.exitCode = ExitCode.Failed;
    return undefined;
  }
  return reportExecution(ctx, { remote: o.remote, execution, format: o.format, progress });
}
