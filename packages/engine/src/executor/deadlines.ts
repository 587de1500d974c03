import type { Duration } from "@bufbuild/protobuf/wkt";
import type { Node } from "@flyte-ts/idl/gen/flyteidl/core/workflow_pb";
import { END_NODE_ID, START_NODE_ID } from "@flyte-ts/storage";
import { EngineErrorCode, type NodeError } from "../model/node-error.js";
import type { NodeContext } from "../nodes/node-handler.js";
import type { NodeRecord } from "../state/state-store.js";
import type { ExecutionRunner } from "./execution-runner.js";

export type Expired = { readonly kind: "attempt" | "active"; readonly error: NodeError };

export function durationMs(d: Duration | undefined): number {
  if (!d) return 0;
  return Number(d.seconds) * 1000 + Math.floor(d.nanos / 1e6);
}

/** Per-attempt timeout: node `timeout`, else the task's, else `nodeExecutionDeadlineMs`; 0 = none. */
function attemptTimeoutMs(rt: ExecutionRunner, node: Node, ctx: NodeContext): number {
  const fromNode = durationMs(node.metadata?.timeout);
  if (fromNode > 0) return fromNode;
  if (node.target.case === "taskNode") {
    try {
      const fromTask = durationMs(ctx.task().metadata?.timeout);
      if (fromTask > 0) return fromTask;
    } catch {
      // Unknown task: the handler reports it.
    }
  }
  return rt.services.settings.nodeExecutionDeadlineMs;
}

function exempt(node: Node): boolean {
  return node.id === START_NODE_ID || node.id === END_NODE_ID;
}

/**
 * Brief §4.6: an attempt running longer than its timeout is a recoverable USER `TimeoutExpired`
 * (retried within the user budget); a node active longer than `nodeActiveDeadlineMs` since it
 * was first queued is TimedOut (terminal, not retried).
 */
export function checkDeadlines(
  rt: ExecutionRunner,
  node: Node,
  ctx: NodeContext,
  rec: NodeRecord,
): Expired | undefined {
  if (exempt(node)) return undefined;
  const now = rt.services.clock.now();
  const active = rt.services.settings.nodeActiveDeadlineMs;
  if (active > 0 && rec.queuedAtMs !== undefined && now - rec.queuedAtMs >= active) {
    return {
      kind: "active",
      error: {
        kind: "USER",
        code: EngineErrorCode.ActiveDeadlineExceeded,
        message: `node ${rec.specNodeId} was active longer than ${active}ms`,
      },
    };
  }
  const timeout = attemptTimeoutMs(rt, node, ctx);
  const started = rec.lastAttemptStartedAtMs ?? rec.queuedAtMs;
  if (timeout > 0 && started !== undefined && now - started >= timeout) {
    return {
      kind: "attempt",
      error: {
        kind: "USER",
        code: EngineErrorCode.TimeoutExpired,
        message: `attempt ${rec.attempt} of node ${rec.specNodeId} exceeded its timeout of ${timeout}ms`,
      },
    };
  }
  return undefined;
}

/** Arms timers so a deadline is noticed when it passes, without polling. */
export function scheduleDeadlines(rt: ExecutionRunner, node: Node, ctx: NodeContext, rec: NodeRecord): void {
  if (exempt(node)) return;
  const now = rt.services.clock.now();
  const timeout = attemptTimeoutMs(rt, node, ctx);
  const started = rec.lastAttemptStartedAtMs ?? rec.queuedAtMs;
  if (timeout > 0 && started !== undefined)
    rt.wakeAfter(rec.uniqueId, Math.max(0, started + timeout - now), `timeout#${rec.attempt}`);
  const active = rt.services.settings.nodeActiveDeadlineMs;
  if (active > 0 && rec.queuedAtMs !== undefined)
    rt.wakeAfter(rec.uniqueId, Math.max(0, rec.queuedAtMs + active - now), "active");
}
