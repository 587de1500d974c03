import { LiteralMapSchema } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import type { TaskTemplate } from "@flyte-ts/idl/gen/flyteidl/core/tasks_pb";
import type { Node } from "@flyte-ts/idl/gen/flyteidl/core/workflow_pb";
import { writeProto } from "@flyte-ts/storage";
import type { NodeError } from "../model/node-error.js";
import type { NodeContext, NodeHandler, TaskReport, Transition } from "../nodes/node-handler.js";
import type { NodeRecord } from "../state/state-store.js";
import type { ExecutionRunner } from "./execution-runner.js";
import { CatalogCacheStatus, CatalogReservation_Status, cachePlan, catalogMetadata, putCache } from "./node-cache.js";
import { abortChildren } from "./node-abort.js";
import { emitNodeEvent, finishNode } from "./node-finish.js";
import { decideRetry, maxAttemptsOf } from "./retry.js";
import type { Scope } from "./scope.js";
import { applyTaskReport } from "./task-report.js";

type Terminal = Extract<Transition, { type: "success" | "failure" }>;

/** Success: outputs.pb, cache put, finalize, Succeeded. Failure: finalize, Failed (or TimedOut). */
export async function applyTerminal(
  rt: ExecutionRunner,
  scope: Scope,
  node: Node,
  rec: NodeRecord,
  ctx: NodeContext,
  handler: NodeHandler,
  t: Terminal,
  failurePhase?: "TimedOut",
  systemFailures = rec.systemFailures,
): Promise<void> {
  const now = () => rt.services.clock.now();
  const { error: _previous, ...base } = rec;
  if (t.type === "success") {
    const outputsUri = ctx.paths.outputs;
    if (!t.outputsWritten) await writeProto(rt.services.blobs, outputsUri, LiteralMapSchema, t.outputs);
    rt.outputs.set(rec.uniqueId, t.outputs);
    if (t.task) await applyTaskReport(rt, ctx, t.task, outputsUri);
    const plan = node.target.case === "taskNode" ? await cachePlan(rt, scope, node, rec) : undefined;
    let cacheStatus = rec.cacheStatus;
    let reservationStatus = rec.reservationStatus;
    if (plan) {
      cacheStatus = await putCache(rt, plan, rec, t.outputs, Object.keys(t.outputs.literals).length > 0);
      if (plan.serializable) reservationStatus = CatalogReservation_Status.RESERVATION_RELEASED;
    }
    await finalize(rt, handler, ctx);
    const done: NodeRecord = {
      ...base,
      phase: "Succeeded",
      outputsUri,
      ...(cacheStatus === undefined ? {} : { cacheStatus }),
      ...(reservationStatus === undefined ? {} : { reservationStatus }),
      ...(t.reason === undefined ? {} : { message: t.reason }),
      ...(t.state === undefined ? {} : { handlerState: t.state }),
      stoppedAtMs: now(),
      updatedAtMs: now(),
    };
    const key =
      plan && cacheStatus === CatalogCacheStatus.CACHE_POPULATED ? catalogMetadata(plan.key, undefined, rt) : undefined;
    await emitNodeEvent(rt, scope, node, done, key);
    await rt.putNode(done);
    await finishNode(rt, scope, node, done);
    return;
  }
  await closeAttempt(rt, node, ctx, t.task, t.error);
  await releaseReservation(rt, scope, node, rec);
  await finalize(rt, handler, ctx);
  const failed: NodeRecord = {
    ...base,
    phase: failurePhase ?? "Failed",
    error: t.error,
    systemFailures,
    message: t.reason ?? t.error.message,
    ...(t.state === undefined ? {} : { handlerState: t.state }),
    stoppedAtMs: now(),
    updatedAtMs: now(),
  };
  await emitNodeEvent(rt, scope, node, failed);
  await rt.putNode(failed);
  await finishNode(rt, scope, node, failed);
}

/**
 * A recoverable failure: charged to the SYSTEM budget (system errors) or the user budget
 * (everything else). Within budget the attempt ends, the node's sub-state and children of the
 * attempt are cleared and attempt N+1 starts; retries are invisible at node level (no event
 * unless the phase changes). Out of budget: Failed with `RetriesExhausted|<code>`.
 */
export async function applyRetryable(
  rt: ExecutionRunner,
  scope: Scope,
  node: Node,
  rec: NodeRecord,
  ctx: NodeContext,
  handler: NodeHandler,
  t: Extract<Transition, { type: "retryableFailure" }>,
): Promise<void> {
  const settings = rt.services.settings;
  const decision = decideRetry(
    rec.attempt,
    rec.systemFailures,
    t.error,
    maxAttemptsOf(node, taskOf(ctx), settings),
    settings.maxSystemRetries,
  );
  if (!decision.retry) {
    const { state: _s, ...rest } = t;
    await applyTerminal(
      rt,
      scope,
      node,
      rec,
      ctx,
      handler,
      { ...rest, type: "failure", error: decision.error },
      undefined,
      decision.systemFailures,
    );
    return;
  }
  await closeAttempt(rt, node, ctx, t.task, t.error);
  await finalize(rt, handler, ctx);
  await abortChildren(rt, rec.uniqueId, `attempt ${rec.attempt} of ${rec.specNodeId} failed; retrying`);
  await releaseReservation(rt, scope, node, rec);
  rt.release(rec.uniqueId);
  const now = rt.services.clock.now();
  const { handlerState: _h, ...base } = rec;
  const next: NodeRecord = {
    ...base,
    phase: "Running",
    attempt: rec.attempt + 1,
    systemFailures: decision.systemFailures,
    error: t.error,
    message: `retrying after: ${describe(t.error)}`,
    lastAttemptStartedAtMs: now,
    updatedAtMs: now,
  };
  if (next.phase !== rec.phase) await emitNodeEvent(rt, scope, node, next);
  await rt.putNode(next);
  rt.wake(rec.uniqueId);
}

/**
 * Records how the attempt ended: the handler's report, or — for a task node whose handler
 * failed without one (no plugin, a thrown error) — Failed, so no attempt stays open.
 */
async function closeAttempt(
  rt: ExecutionRunner,
  node: Node,
  ctx: NodeContext,
  report: TaskReport | undefined,
  error: NodeError,
): Promise<void> {
  if (!report && node.target.case !== "taskNode") return;
  const open = rt.attempts.get(ctx.uniqueId);
  const r = report ?? {
    phase: "Failed" as const,
    version: open?.attempt === ctx.attempt ? open.phaseVersion : 0,
    error,
  };
  await applyTaskReport(rt, ctx, r).catch((e: unknown) => rt.reportError(e));
}

function taskOf(ctx: NodeContext): TaskTemplate | undefined {
  if (ctx.node.target.case !== "taskNode") return undefined;
  try {
    return ctx.task();
  } catch {
    return undefined;
  }
}

function describe(e: NodeError): string {
  return `${e.kind}::${e.code}: ${e.message}`;
}

async function finalize(rt: ExecutionRunner, handler: NodeHandler, ctx: NodeContext): Promise<void> {
  try {
    await handler.finalize(ctx);
  } catch (e) {
    rt.reportError(e);
  }
}

async function releaseReservation(rt: ExecutionRunner, scope: Scope, node: Node, rec: NodeRecord): Promise<void> {
  if (node.target.case !== "taskNode" || rec.reservationStatus !== CatalogReservation_Status.RESERVATION_ACQUIRED)
    return;
  const plan = await cachePlan(rt, scope, node, rec);
  if (plan?.serializable)
    await rt.services.cache?.releaseReservation(plan.key, plan.ownerId).catch((e: unknown) => rt.reportError(e));
}
