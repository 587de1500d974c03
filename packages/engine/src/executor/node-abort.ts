import { EngineErrorCode } from "../model/node-error.js";
import { isTerminalAttempt, isTerminalNode } from "../model/phases.js";
import { handlerFor } from "../nodes/handlers.js";
import type { NodeRecord } from "../state/state-store.js";
import type { ExecutionRunner } from "./execution-runner.js";
import { buildContext } from "./node-context.js";
import { emitNodeEvent } from "./node-finish.js";
import { applyTaskReport } from "./task-report.js";

/**
 * Aborts one node and everything below it, deepest first: child nodes (sub-workflow, branch,
 * dynamic and array children), then the node's own work (task plugin abort, child execution
 * terminate) through its handler, then finalize. The node ends Aborted with `NodeAborted`, its
 * task attempt ABORTED; one ABORTED node event. Idempotent: a terminal node is left alone.
 * Cleanup errors are reported, never thrown, so an abort always completes.
 */
export async function abortNode(rt: ExecutionRunner, uniqueId: string, reason: string): Promise<void> {
  const rec = rt.records.get(uniqueId);
  if (!rec || isTerminalNode(rec.phase)) return;
  await abortChildren(rt, uniqueId, reason);
  const loc = rt.located.get(uniqueId);
  if (loc && rec.phase !== "NotYetStarted") {
    const ctx = buildContext(rt, loc.scope, loc.node, rec);
    const handler = handlerFor(loc.node, rec.phase);
    try {
      await handler.abort(ctx, reason);
    } catch (e) {
      rt.reportError(e);
    }
    try {
      await handler.finalize(ctx);
    } catch (e) {
      rt.reportError(e);
    }
    const attempt = rt.attempts.get(uniqueId);
    if (attempt?.attempt === rec.attempt && !isTerminalAttempt(attempt.phase) && loc.node.target.case === "taskNode") {
      await applyTaskReport(rt, ctx, { phase: "Aborted", version: 0, reason });
    }
  }
  const now = rt.services.clock.now();
  const aborted: NodeRecord = {
    ...rec,
    phase: "Aborted",
    message: reason,
    error: { kind: "USER", code: EngineErrorCode.NodeAborted, message: reason },
    stoppedAtMs: now,
    updatedAtMs: now,
  };
  if (loc) await emitNodeEvent(rt, loc.scope, loc.node, aborted);
  await rt.putNode(aborted);
  rt.release(uniqueId);
  rt.active.delete(uniqueId);
  rt.removeWaiting(uniqueId);
}

/** Aborts every non-terminal child (any attempt) of a parent node. */
export async function abortChildren(rt: ExecutionRunner, parentUniqueId: string, reason: string): Promise<void> {
  for (const child of [...(rt.children.get(parentUniqueId) ?? [])]) await abortNode(rt, child, reason);
}

/** Aborts every non-terminal node of one scope. */
export async function abortScopeNodes(rt: ExecutionRunner, scopeId: string, reason: string): Promise<void> {
  const scope = rt.scopes.get(scopeId);
  if (!scope) return;
  for (const id of scope.nodes.keys()) await abortNode(rt, scope.uniqueIdOf(id), reason);
}
