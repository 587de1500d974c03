import { attemptOutputDir, outputsPath } from "@flyte-ts/storage";
import { EngineErrorCode, type NodeError } from "../model/node-error.js";
import { assertNever, isTerminalNode, isTerminalWorkflow, type WorkflowPhase } from "../model/phases.js";
import type { ExecutionRecord } from "../state/state-store.js";
import { workflowEvent } from "./events.js";
import type { ExecutionRunner } from "./execution-runner.js";
import { FAILURE_SCOPE, ROOT_SCOPE, WORKFLOW_KEY } from "./execution-runner.js";
import { abortNode } from "./node-abort.js";
import { scopeStatus } from "./scope-status.js";

/**
 * The workflow phase machine (brief §4.2): Ready → Running → Succeeding → Succeeded;
 * Running → Failing → [HandlingFailureNode] → Failed; abort → Aborted. Failing aborts every
 * node still active, so nothing is left Queued or Running once the workflow is terminal.
 */
export async function evaluateWorkflow(rt: ExecutionRunner): Promise<void> {
  if (rt.abortReason !== undefined) {
    const reason = rt.abortReason;
    await abortAll(rt, reason, true);
    await setPhase(rt, "Aborted", { abortReason: reason });
    return;
  }
  const phase = rt.exec.phase;
  switch (phase) {
    case "Ready":
      await setPhase(rt, "Running", {});
      return;
    case "Running":
      return evaluateRunning(rt);
    case "Failing":
      return fail(rt, rt.exec.error ?? { kind: "SYSTEM", code: "Unknown", message: "workflow failed" });
    case "HandlingFailureNode":
      return evaluateFailureNode(rt);
    case "Succeeding":
      return succeed(rt);
    case "Succeeded":
    case "Failed":
    case "Aborted":
      return;
    default:
      return assertNever(phase);
  }
}

async function evaluateRunning(rt: ExecutionRunner): Promise<void> {
  const root = rt.scopes.get(ROOT_SCOPE);
  if (!root) return;
  const deadline = rt.services.settings.workflowActiveDeadlineMs;
  if (deadline > 0) {
    const left = rt.exec.createdAtMs + deadline - rt.services.clock.now();
    if (left <= 0) {
      const error: NodeError = {
        kind: "USER",
        code: EngineErrorCode.ExecutionDeadlineExceeded,
        message: `execution ${rt.id.name} ran longer than its deadline of ${deadline}ms`,
      };
      await setPhase(rt, "Failing", { error });
      return fail(rt, error);
    }
    rt.wakeAfter(WORKFLOW_KEY, left, "deadline");
  }
  const status = scopeStatus(rt, root);
  switch (status.state) {
    case "running":
      return;
    case "succeeded":
      await setPhase(rt, "Succeeding", {});
      return succeed(rt);
    case "failed": {
      const error: NodeError = status.timedOut
        ? {
            kind: "USER",
            code: EngineErrorCode.TimeoutInNode,
            message: `Timeout in node ${status.failedNodeId}: ${status.error.message}`,
          }
        : status.error;
      await setPhase(rt, "Failing", { error });
      return fail(rt, error);
    }
    default:
      return assertNever(status);
  }
}

async function succeed(rt: ExecutionRunner): Promise<void> {
  const root = rt.scopes.get(ROOT_SCOPE);
  const end = root ? rt.records.get(root.uniqueIdOf("end-node")) : undefined;
  const outputsUri = end?.outputsUri ?? outputsPath(attemptOutputDir(root?.dataDirOf("end-node") ?? "", 0));
  await setPhase(rt, "Succeeded", { outputsUri });
}

async function fail(rt: ExecutionRunner, error: NodeError): Promise<void> {
  await abortAll(rt, `workflow failed: ${error.message}`);
  if (rt.closure.primary?.template?.failureNode) {
    await setPhase(rt, "HandlingFailureNode", { error }, false);
    rt.openFailureScope();
    return;
  }
  await setPhase(rt, "Failed", { error });
}

async function evaluateFailureNode(rt: ExecutionRunner): Promise<void> {
  const scope = rt.scopes.get(FAILURE_SCOPE);
  if (!scope) {
    rt.openFailureScope();
    return;
  }
  const status = scopeStatus(rt, scope);
  if (status.state === "running") return;
  await setPhase(rt, "Failed", {});
}

/**
 * Aborts every started, non-terminal node of the execution (top-level nodes first; each abort
 * reaches its children). The failure node is spared when the workflow is failing (it must run),
 * and included when the execution itself is aborted.
 */
export async function abortAll(rt: ExecutionRunner, reason: string, includeFailureNode = false): Promise<void> {
  const spared = (scopeId: string) => !includeFailureNode && scopeId === FAILURE_SCOPE;
  for (const rec of [...rt.records.values()]) {
    if (rec.parentUniqueId === undefined && !isTerminalNode(rec.phase) && !spared(rec.scopeId)) {
      await abortNode(rt, rec.uniqueId, reason);
    }
  }
  for (const rec of [...rt.records.values()]) {
    if (!isTerminalNode(rec.phase) && rec.phase !== "NotYetStarted" && !spared(rec.scopeId)) {
      await abortNode(rt, rec.uniqueId, reason);
    }
  }
}

async function setPhase(
  rt: ExecutionRunner,
  phase: WorkflowPhase,
  patch: Partial<Pick<ExecutionRecord, "error" | "outputsUri" | "abortReason">>,
  sendEvent = true,
): Promise<void> {
  // Terminal means terminal all the way down: whatever is still active (nothing, normally) is
  // aborted before the execution's terminal phase is written.
  if (isTerminalWorkflow(phase)) await abortAll(rt, `workflow ended ${phase}`, true);
  const now = rt.services.clock.now();
  const next: ExecutionRecord = { ...rt.exec, ...patch, phase, updatedAtMs: now };
  if (sendEvent) {
    await rt.emit({
      kind: "workflow",
      event: workflowEvent({
        execution: rt.id,
        producerId: rt.services.settings.producerId,
        phase,
        atMs: now,
        ...(phase === "Succeeded" && next.outputsUri ? { outputUri: next.outputsUri } : {}),
        ...((phase === "Failed" || phase === "Failing") && next.error ? { error: next.error } : {}),
      }),
    });
  }
  await rt.setExecution(next);
  if (phase === "Running") rt.wake("\u0000workflow");
}
