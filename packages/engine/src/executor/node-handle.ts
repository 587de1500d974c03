import type { Node } from "@flyte-ts/idl/gen/flyteidl/core/workflow_pb";
import { FlyteError } from "@flyte-ts/core";
import { nodeErrorFromThrown, type NodeError } from "../model/node-error.js";
import { assertNever, isTerminalAttempt, nextActivePhase, type NodePhase } from "../model/phases.js";
import { handlerFor } from "../nodes/handlers.js";
import { kindOf } from "../nodes/kind.js";
import type { NodeContext, NodeHandler, Transition } from "../nodes/node-handler.js";
import type { NodeRecord } from "../state/state-store.js";
import type { ExecutionRunner } from "./execution-runner.js";
import { buildContext } from "./node-context.js";
import { applyTerminal, applyRetryable } from "./node-terminal.js";
import { emitNodeEvent } from "./node-finish.js";
import { serializedCacheGate } from "./cache-gate.js";
import { checkDeadlines, scheduleDeadlines } from "./deadlines.js";
import type { Scope } from "./scope.js";
import { applyTaskReport } from "./task-report.js";

/**
 * One evaluation of a started, non-terminal node: the serialized-cache gate, deadlines, then the
 * kind's handler; the returned transition is applied here (state, events, retries, cache put,
 * wake-ups). Handlers never write state; this is the only place their verdicts take effect.
 */
export async function handleActive(rt: ExecutionRunner, scope: Scope, node: Node, rec: NodeRecord): Promise<void> {
  const gated = await serializedCacheGate(rt, scope, node, rec);
  if (gated === undefined) return;
  rec = gated;
  const handler = handlerFor(node, rec.phase);
  const ctx = buildContext(rt, scope, node, rec);
  const expired = checkDeadlines(rt, node, ctx, rec);
  if (expired) {
    try {
      await handler.abort(ctx, expired.error.message);
    } catch (e) {
      rt.reportError(e);
    }
    const running = rt.attempts.get(rec.uniqueId);
    const task =
      node.target.case === "taskNode" && running?.attempt === rec.attempt && !isTerminalAttempt(running.phase)
        ? { task: { phase: "Failed" as const, version: 0, error: expired.error } }
        : {};
    const t: Transition =
      expired.kind === "attempt"
        ? { type: "retryableFailure", error: expired.error, ...task }
        : { type: "failure", error: expired.error, ...task };
    await applyTransition(rt, scope, node, rec, ctx, handler, t, expired.kind === "active" ? "TimedOut" : undefined);
    return;
  }
  let t: Transition;
  try {
    t = await handler.handle(ctx);
  } catch (e) {
    t = thrownTransition(e);
  }
  await applyTransition(rt, scope, node, rec, ctx, handler, t);
}

/** A handler that throws: user errors fail the node (retried when marked retryable); anything else is a retryable SYSTEM failure. */
function thrownTransition(e: unknown): Transition {
  const error: NodeError = nodeErrorFromThrown(e);
  if (e instanceof FlyteError && e.kind === "user" && !e.retryable) return { type: "failure", error };
  return { type: "retryableFailure", error };
}

export async function applyTransition(
  rt: ExecutionRunner,
  scope: Scope,
  node: Node,
  rec: NodeRecord,
  ctx: NodeContext,
  handler: NodeHandler,
  t: Transition,
  failurePhase?: "TimedOut",
): Promise<void> {
  switch (t.type) {
    case "queued":
    case "running":
    case "dynamicRunning":
      return applyActive(rt, scope, node, rec, ctx, t);
    case "success":
    case "failure":
      return applyTerminal(rt, scope, node, rec, ctx, handler, t, failurePhase);
    case "retryableFailure":
      return applyRetryable(rt, scope, node, rec, ctx, handler, t);
    default:
      return assertNever(t);
  }
}

const activePhase: Record<"queued" | "running" | "dynamicRunning", NodePhase> = {
  queued: "Queued",
  running: "Running",
  dynamicRunning: "DynamicRunning",
};

async function applyActive(
  rt: ExecutionRunner,
  scope: Scope,
  node: Node,
  rec: NodeRecord,
  ctx: NodeContext,
  t: Extract<Transition, { type: "queued" | "running" | "dynamicRunning" }>,
): Promise<void> {
  if (t.task) await applyTaskReport(rt, ctx, t.task);
  const phase = nextActivePhase(rec.phase, activePhase[t.type]);
  const now = rt.services.clock.now();
  const next: NodeRecord = {
    ...rec,
    phase,
    ...(t.state === undefined ? {} : { handlerState: t.state }),
    ...(t.reason === undefined ? {} : { message: t.reason }),
    updatedAtMs: now,
  };
  const changed =
    next.phase !== rec.phase ||
    next.message !== rec.message ||
    JSON.stringify(next.handlerState) !== JSON.stringify(rec.handlerState);
  if (next.phase !== rec.phase) {
    const dynamicWorkflow = t.type === "dynamicRunning" ? t.dynamicWorkflow : undefined;
    await emitNodeEvent(rt, scope, node, next, undefined, dynamicWorkflow);
  }
  if (changed) await rt.putNode(next);
  if (t.wakeAfterMs !== undefined) rt.wakeAfter(rec.uniqueId, t.wakeAfterMs);
  scheduleDeadlines(rt, node, ctx, next);
  // A task whose attempt produced futures.pb is now a dynamic node: its new handler runs next.
  if (kindOf(node, rec.phase) !== kindOf(node, next.phase)) rt.wake(rec.uniqueId);
}
