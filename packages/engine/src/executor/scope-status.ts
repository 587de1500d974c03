import { END_NODE_ID } from "@flyte-ts/storage";
import { isFailureNode, isTerminalNode, type NodePhase } from "../model/phases.js";
import type { NodeError } from "../model/node-error.js";
import type { ExecutionRunner } from "./execution-runner.js";
import type { Scope, ScopeStatus } from "./scope.js";

export function phaseIn(rt: ExecutionRunner, scope: Scope, specNodeId: string): NodePhase {
  return rt.records.get(scope.uniqueIdOf(specNodeId))?.phase ?? "NotYetStarted";
}

/**
 * A scope's aggregate state. dag: succeeded when the end node succeeded; failed on the first
 * failed node (fail immediately) or once nothing can run any more (fail after executable nodes
 * complete). branch: the taken node's outcome. failure: the failure node's. array scopes are
 * judged by the array handler (min successes), so they report running here.
 */
export function scopeStatus(rt: ExecutionRunner, scope: Scope): ScopeStatus {
  switch (scope.spec.kind) {
    case "array":
      return { state: "running" };
    case "branch":
    case "failure": {
      for (const id of scope.nodes.keys()) {
        if (scope.spec.skipped?.has(id)) continue;
        return single(rt, scope, id);
      }
      return { state: "running" };
    }
    case "dag":
      return dagStatus(rt, scope);
  }
}

function single(rt: ExecutionRunner, scope: Scope, id: string): ScopeStatus {
  const rec = rt.records.get(scope.uniqueIdOf(id));
  if (!rec || !isTerminalNode(rec.phase)) return { state: "running" };
  if (rec.phase === "Succeeded" || rec.phase === "Recovered" || rec.phase === "Skipped")
    return { state: "succeeded", endNodeId: id };
  return {
    state: "failed",
    error: rec.error ?? unknownError(id),
    failedNodeId: id,
    timedOut: rec.phase === "TimedOut",
  };
}

function dagStatus(rt: ExecutionRunner, scope: Scope): ScopeStatus {
  let allTerminal = true;
  let firstFailed: { id: string; at: number; error: NodeError; timedOut: boolean } | undefined;
  let lastFailed: typeof firstFailed;
  for (const id of scope.nodes.keys()) {
    const rec = rt.records.get(scope.uniqueIdOf(id));
    const phase = rec?.phase ?? "NotYetStarted";
    if (id === END_NODE_ID && (phase === "Succeeded" || phase === "Recovered"))
      return { state: "succeeded", endNodeId: id };
    if (!isTerminalNode(phase)) allTerminal = false;
    if (rec && isFailureNode(phase)) {
      const f = { id, at: rec.stoppedAtMs ?? 0, error: rec.error ?? unknownError(id), timedOut: phase === "TimedOut" };
      if (!firstFailed || f.at < firstFailed.at) firstFailed = f;
      if (!lastFailed || f.at >= lastFailed.at) lastFailed = f;
    }
  }
  if (!firstFailed || !lastFailed) {
    if (allTerminal)
      return { state: "failed", error: unknownError(END_NODE_ID), failedNodeId: END_NODE_ID, timedOut: false };
    return { state: "running" };
  }
  if (scope.spec.failurePolicy === "failImmediately") {
    return { state: "failed", error: firstFailed.error, failedNodeId: firstFailed.id, timedOut: firstFailed.timedOut };
  }
  if (!allTerminal) return { state: "running" };
  return { state: "failed", error: lastFailed.error, failedNodeId: lastFailed.id, timedOut: lastFailed.timedOut };
}

function unknownError(id: string): NodeError {
  return { kind: "SYSTEM", code: "Unknown", message: `node ${id} did not complete` };
}
