import type { NodeExecution } from "@flyte-ts/idl/gen/flyteidl/admin/node_execution_pb";
import type { TaskExecution } from "@flyte-ts/idl/gen/flyteidl/admin/task_execution_pb";
import { NodeExecution_Phase, TaskExecution_Phase } from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";
import type { WorkflowExecutionIdentifier } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import { waitingText } from "../../progress/node-states.js";
import type { Remote } from "../../remote/remote-client.js";

/** Attempt phases before the task runs: the reason (quota, free worker) says why it has not started. */
const NOT_STARTED = new Set([
  TaskExecution_Phase.UNDEFINED,
  TaskExecution_Phase.QUEUED,
  TaskExecution_Phase.WAITING_FOR_RESOURCES,
  TaskExecution_Phase.INITIALIZING,
]);

/**
 * Why a task attempt has not started yet: its newest reason (closure.reason, else the last of
 * closure.reasons), only while it is queued, waiting for resources or initializing — a running
 * or finished attempt keeps the reason it waited with, which is no longer true. "" otherwise.
 */
export function waitingReason(t: TaskExecution): string {
  const c = t.closure;
  if (!c || !NOT_STARTED.has(c.phase)) return "";
  return c.reason || (c.reasons.at(-1)?.message ?? "");
}

/** The newest attempt of a node (highest retry attempt), if it has any. */
export function latestAttempt(attempts: readonly TaskExecution[]): TaskExecution | undefined {
  let latest: TaskExecution | undefined;
  for (const t of attempts) if (!latest || (t.id?.retryAttempt ?? 0) >= (latest.id?.retryAttempt ?? 0)) latest = t;
  return latest;
}

/** The reason text shown for an attempt: `waitingReason`, phrased as waiting for resources when it is. */
export function attemptReasonText(t: TaskExecution): string {
  const reason = waitingReason(t);
  return t.closure?.phase === TaskExecution_Phase.WAITING_FOR_RESOURCES ? waitingText(reason) : reason;
}

const NODE_TERMINAL = new Set([
  NodeExecution_Phase.SUCCEEDED,
  NodeExecution_Phase.FAILED,
  NodeExecution_Phase.ABORTED,
  NodeExecution_Phase.SKIPPED,
  NodeExecution_Phase.TIMED_OUT,
  NodeExecution_Phase.RECOVERED,
]);

/** Most node rows whose attempts are looked up for one table (the rest show no reason). */
const MAX_LOOKUPS = 100;

/**
 * Waiting reasons of the non-terminal task nodes among `nodes` (node id → text), from each
 * node's newest task attempt. Parent nodes (sub-workflows, dynamic, map) are skipped.
 */
export async function nodeWaitingReasons(
  remote: Remote,
  executionId: WorkflowExecutionIdentifier | undefined,
  nodes: readonly NodeExecution[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const open = nodes
    .filter((n) => !NODE_TERMINAL.has(n.closure?.phase ?? NodeExecution_Phase.UNDEFINED) && !n.metadata?.isParentNode)
    .slice(0, MAX_LOOKUPS);
  await Promise.all(
    open.map(async (n) => {
      const nodeId = n.id?.nodeId ?? "";
      const r = await remote.admin.listTaskExecutions({
        nodeExecutionId: { ...(executionId ? { executionId } : {}), nodeId },
        limit: 100,
      });
      const latest = latestAttempt(r.taskExecutions);
      const text = latest ? attemptReasonText(latest) : "";
      if (text !== "") out.set(nodeId, text);
    }),
  );
  return out;
}
