import type { TaskExecution } from "@flyte-ts/idl/gen/flyteidl/admin/task_execution_pb";
import { TaskExecution_Phase } from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";

/** Attempt phases before the task runs, where the reason says why it has not started. */
const NOT_STARTED = new Set([
  TaskExecution_Phase.UNDEFINED,
  TaskExecution_Phase.QUEUED,
  TaskExecution_Phase.WAITING_FOR_RESOURCES,
  TaskExecution_Phase.INITIALIZING,
]);

/** The newest reason of an attempt: `closure.reason`, else the last of `closure.reasons`; "" when none. */
export function attemptReason(t: TaskExecution): string {
  const c = t.closure;
  return c?.reason || (c?.reasons.at(-1)?.message ?? "");
}

/**
 * Why an attempt has not started, only while it has not (queued, waiting for resources,
 * initializing): a running or finished attempt's old reason is no longer true. "" otherwise.
 */
export function pendingReason(t: TaskExecution): string {
  return t.closure && NOT_STARTED.has(t.closure.phase) ? attemptReason(t) : "";
}

/** The newest attempt (highest retry attempt). */
export function latestAttempt(attempts: readonly TaskExecution[] | undefined): TaskExecution | undefined {
  let latest: TaskExecution | undefined;
  for (const t of attempts ?? [])
    if (!latest || (t.id?.retryAttempt ?? 0) >= (latest.id?.retryAttempt ?? 0)) latest = t;
  return latest;
}

const PREFIX = /^waiting for resources:\s*/i;

/**
 * When a node's newest attempt waits for resources: the reason, without the engine's
 * `waiting for resources:` prefix (the badge says it), or "" when the engine gave none.
 * Undefined when it does not wait.
 */
export function waitingFor(attempts: readonly TaskExecution[] | undefined): string | undefined {
  const t = latestAttempt(attempts);
  if (t?.closure?.phase !== TaskExecution_Phase.WAITING_FOR_RESOURCES) return undefined;
  return attemptReason(t).replace(PREFIX, "");
}
