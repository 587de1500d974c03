import type { Node } from "@flyte-ts/idl/gen/flyteidl/core/workflow_pb";
import type { TaskTemplate } from "@flyte-ts/idl/gen/flyteidl/core/tasks_pb";
import { EngineErrorCode, type NodeError } from "../model/node-error.js";
import type { EngineSettings } from "./engine-services.js";

/** `maxAttempts = retries + 1`: node retries when set, else the task's, else the engine default. */
export function maxAttemptsOf(node: Node, task: TaskTemplate | undefined, settings: EngineSettings): number {
  // A map's retries are per index (the sub-nodes); the array node itself has one user attempt.
  if (node.target.case === "arrayNode") return 1;
  const nodeRetries = node.metadata?.retries?.retries ?? 0;
  if (nodeRetries > 0) return nodeRetries + 1;
  const taskRetries = task?.metadata?.retries?.retries ?? 0;
  if (taskRetries > 0) return taskRetries + 1;
  return Math.max(1, settings.defaultMaxAttempts);
}

export type RetryDecision =
  | { readonly retry: true; readonly systemFailures: number }
  | { readonly retry: false; readonly systemFailures: number; readonly error: NodeError };

/**
 * Flyte's two budgets (brief §4.6). A SYSTEM failure is retried while the failures so far are
 * below `maxSystemRetries`; a USER/UNKNOWN failure while the user attempt number
 * `(attempt + 1) − systemFailures` is below `maxAttempts`. System failures never consume the
 * user budget. Exhausted → `RetriesExhausted|<code>`, `[n/m] currentAttempt done. Last Error: KIND::msg`.
 */
export function decideRetry(
  attempt: number,
  systemFailures: number,
  error: NodeError,
  maxAttempts: number,
  maxSystemRetries: number,
): RetryDecision {
  if (error.kind === "SYSTEM") {
    if (systemFailures < maxSystemRetries) return { retry: true, systemFailures: systemFailures + 1 };
    return {
      retry: false,
      systemFailures: systemFailures + 1,
      error: exhausted(systemFailures, maxSystemRetries, error),
    };
  }
  const current = attempt + 1 - systemFailures;
  if (current < maxAttempts) return { retry: true, systemFailures };
  return { retry: false, systemFailures, error: exhausted(current, maxAttempts, error) };
}

function exhausted(n: number, m: number, error: NodeError): NodeError {
  return {
    kind: error.kind,
    code: `${EngineErrorCode.RetriesExhausted}|${error.code}`,
    message: `[${n}/${m}] currentAttempt done. Last Error: ${error.kind}::${error.message}`,
    ...(error.errorUri ? { errorUri: error.errorUri } : {}),
  };
}
