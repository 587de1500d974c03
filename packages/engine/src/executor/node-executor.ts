import { create } from "@bufbuild/protobuf";
import {
  LiteralMapSchema,
  LiteralSchema,
  ScalarSchema,
  type LiteralMap,
} from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { ErrorSchema } from "@flyte-ts/idl/gen/flyteidl/core/types_pb";
import type { Node } from "@flyte-ts/idl/gen/flyteidl/core/workflow_pb";
import { nodeAttemptPaths, START_NODE_ID, writeProto } from "@flyte-ts/storage";
import { UserError } from "@flyte-ts/core";
import { EngineErrorCode, nodeErrorFromThrown, type NodeError } from "../model/node-error.js";
import { isFailureNode, isSuccessNode, isTerminalNode } from "../model/phases.js";
import { countsForParallelism, kindOf } from "../nodes/kind.js";
import type { NodeRecord } from "../state/state-store.js";
import { resolveBindings, type ExpectedType } from "./bindings.js";
import { EXECUTION_POOL, FAILURE_SCOPE, type ExecutionRunner } from "./execution-runner.js";
import { CatalogCacheStatus, cachePlan, catalogMetadata, usableHit } from "./node-cache.js";
import { nodeInputs, outputsOfRecord } from "./node-context.js";
import { handleActive } from "./node-handle.js";
import { tryRecover } from "./node-recovery.js";
import { emitNodeEvent, finishNode } from "./node-finish.js";
import type { Scope } from "./scope.js";

/**
 * Evaluates one node: starts it when its upstream nodes allow (skip, recover, cache hit or
 * queue), then hands it to its kind's handler. The only writer of node state.
 */
export async function evaluateNode(rt: ExecutionRunner, uniqueId: string): Promise<void> {
  const loc = rt.located.get(uniqueId);
  if (!loc) return;
  const { scope, node } = loc;
  const phase = rt.exec.phase;
  const mayRun =
    scope.id === FAILURE_SCOPE ? phase === "HandlingFailureNode" : phase === "Running" || phase === "Ready";
  if (!mayRun) return;
  let rec = rt.records.get(uniqueId);
  if (rec && isTerminalNode(rec.phase)) return;
  if (!rec || rec.phase === "NotYetStarted") {
    rec = await startNode(rt, scope, node, uniqueId);
    if (!rec || isTerminalNode(rec.phase)) return;
  }
  // Counted again on every evaluation, so the count is right after a restart too.
  if (scope.spec.kind !== "array" && countsForParallelism(kindOf(node, rec.phase))) rt.active.add(uniqueId);
  await handleActive(rt, scope, node, rec);
}

type Readiness = "ready" | "wait" | "skip";

function readiness(rt: ExecutionRunner, scope: Scope, node: Node): Readiness {
  let result: Readiness = "ready";
  for (const up of scope.upstream.get(node.id) ?? []) {
    const phase = rt.records.get(scope.uniqueIdOf(up))?.phase ?? "NotYetStarted";
    if (!isTerminalNode(phase)) return "wait";
    if (!isSuccessNode(phase)) result = "skip";
  }
  return result;
}

function baseRecord(rt: ExecutionRunner, scope: Scope, node: Node, uniqueId: string): NodeRecord {
  const owner = scope.spec.owner;
  return {
    uniqueId,
    specNodeId: node.id,
    scopeId: scope.id,
    ...(owner ? { parentUniqueId: owner.uniqueId } : {}),
    phase: "NotYetStarted",
    attempt: 0,
    systemFailures: 0,
    dataDir: scope.dataDirOf(node.id),
    updatedAtMs: rt.services.clock.now(),
  };
}

async function startNode(
  rt: ExecutionRunner,
  scope: Scope,
  node: Node,
  uniqueId: string,
): Promise<NodeRecord | undefined> {
  const base = rt.records.get(uniqueId) ?? baseRecord(rt, scope, node, uniqueId);
  const now = rt.services.clock.now();
  const ready = scope.spec.skipped?.has(node.id) ? "skip" : readiness(rt, scope, node);
  if (ready === "wait") return undefined;
  if (ready === "skip") {
    const skipped: NodeRecord = { ...base, phase: "Skipped", stoppedAtMs: now, updatedAtMs: now };
    await emitNodeEvent(rt, scope, node, skipped);
    await rt.putNode(skipped);
    await finishNode(rt, scope, node, skipped);
    return skipped;
  }
  const kind = kindOf(node, "NotYetStarted");
  if (!mayStart(rt, scope, kind, uniqueId)) return undefined;
  rt.removeWaiting(uniqueId);

  const recovered = await tryRecover(rt, scope, node, base);
  if (recovered) return recovered;

  let inputs: LiteralMap;
  try {
    inputs = await resolveInputs(rt, scope, node);
  } catch (e) {
    const error = nodeErrorFromThrown(e, EngineErrorCode.BindingResolutionFailure);
    const failed: NodeRecord = { ...base, phase: "Failed", error, queuedAtMs: now, stoppedAtMs: now, updatedAtMs: now };
    await emitNodeEvent(rt, scope, node, failed);
    await rt.putNode(failed);
    await finishNode(rt, scope, node, failed);
    return failed;
  }
  const paths = nodeAttemptPaths(base.dataDir, 0);
  if (node.id !== START_NODE_ID) await writeProto(rt.services.blobs, paths.inputs, LiteralMapSchema, inputs);
  rt.inputs.set(uniqueId, inputs);
  let rec: NodeRecord = { ...base, phase: "Queued", queuedAtMs: now, lastAttemptStartedAtMs: now, updatedAtMs: now };
  if (countsForParallelism(kind) && scope.spec.kind !== "array") rt.active.add(uniqueId);

  const plan = await cachePlan(rt, scope, node, rec);
  if (plan && rt.services.cache) {
    if (rt.exec.config.overwriteCache) {
      rec = { ...rec, cacheStatus: CatalogCacheStatus.CACHE_SKIPPED };
    } else {
      try {
        const hit = usableHit(scope, node, await rt.services.cache.get(plan.key));
        if (hit) return await cacheHit(rt, scope, node, rec, hit.outputs, catalogMetadata(plan.key, hit, rt));
        rec = { ...rec, cacheStatus: CatalogCacheStatus.CACHE_MISS };
      } catch {
        rec = { ...rec, cacheStatus: CatalogCacheStatus.CACHE_LOOKUP_FAILURE };
      }
    }
  }
  await emitNodeEvent(rt, scope, node, rec);
  await rt.putNode(rec);
  return rec;
}

/** Max parallelism for the execution, and the array's own parallelism for its sub-nodes. */
function mayStart(rt: ExecutionRunner, scope: Scope, kind: ReturnType<typeof kindOf>, uniqueId: string): boolean {
  if (scope.spec.kind === "array") {
    const limit = scope.spec.parallelism ?? 0;
    if (limit <= 0) return true;
    if (rt.activeIn(scope.id) < limit) return true;
    rt.addWaiting(scope.id, uniqueId);
    return false;
  }
  const max = rt.exec.config.maxParallelism;
  if (max <= 0 || !countsForParallelism(kind) || rt.active.size < max) return true;
  rt.addWaiting(EXECUTION_POOL, uniqueId);
  return false;
}

export async function cacheHit(
  rt: ExecutionRunner,
  scope: Scope,
  node: Node,
  rec: NodeRecord,
  outputs: LiteralMap,
  catalogKey: ReturnType<typeof catalogMetadata>,
): Promise<NodeRecord> {
  const paths = nodeAttemptPaths(rec.dataDir, 0);
  await writeProto(rt.services.blobs, paths.outputs, LiteralMapSchema, outputs);
  rt.outputs.set(rec.uniqueId, outputs);
  const now = rt.services.clock.now();
  const done: NodeRecord = {
    ...rec,
    phase: "Succeeded",
    cacheStatus: CatalogCacheStatus.CACHE_HIT,
    outputsUri: paths.outputs,
    stoppedAtMs: now,
    updatedAtMs: now,
  };
  await emitNodeEvent(rt, scope, node, done, catalogKey);
  await rt.putNode(done);
  await finishNode(rt, scope, node, done);
  return done;
}

async function resolveInputs(rt: ExecutionRunner, scope: Scope, node: Node): Promise<LiteralMap> {
  if (node.id === START_NODE_ID) return scope.spec.inputs ?? create(LiteralMapSchema);
  const override = scope.spec.inputOverrides?.get(node.id);
  if (override) return override;
  const inputs = await resolveBindings(
    node.inputs,
    async (nodeId) => lookupOutputs(rt, scope, nodeId),
    expectedInputType(scope, node),
  );
  if (scope.spec.kind === "failure") injectError(rt, node, inputs, scope.spec.failureError ?? rt.exec.error);
  return inputs;
}

/** Declared input types of a task node (for values taken out of structs by attribute paths). */
function expectedInputType(scope: Scope, node: Node): ExpectedType | undefined {
  if (node.target.case !== "taskNode") return undefined;
  try {
    const vars = scope.spec.closure.task(node.target.value.reference.value).interface?.inputs?.variables ?? {};
    return (v) => vars[v]?.type;
  } catch {
    return undefined;
  }
}

/** Outputs of `nodeId` as seen from `scope` (branch and failure scopes see their enclosing scope), with aliases. */
async function lookupOutputs(rt: ExecutionRunner, scope: Scope, nodeId: string): Promise<LiteralMap> {
  for (
    let s: Scope | undefined = scope;
    s;
    s = s.spec.enclosingScopeId ? rt.scopes.get(s.spec.enclosingScopeId) : undefined
  ) {
    const target = s.nodes.get(nodeId);
    if (!target) continue;
    const rec = rt.records.get(s.uniqueIdOf(nodeId));
    if (!rec || !isSuccessNode(rec.phase)) {
      throw new UserError(
        EngineErrorCode.BindingResolutionFailure,
        `node ${nodeId} has not produced outputs (${rec?.phase ?? "NotYetStarted"})`,
      );
    }
    const outputs = nodeId === START_NODE_ID && s.spec.inputs ? s.spec.inputs : await outputsOfRecord(rt, rec);
    if (target.outputAliases.length === 0) return outputs;
    const literals = { ...outputs.literals };
    for (const a of target.outputAliases) {
      const lit = outputs.literals[a.var];
      if (lit) literals[a.alias] = lit;
    }
    return create(LiteralMapSchema, { literals });
  }
  throw new UserError(
    EngineErrorCode.BindingResolutionFailure,
    `node ${nodeId} is not reachable from scope ${scope.id}`,
  );
}

/** The failure node receives the workflow's error as its `err` input when it declares one and it is unbound. */
function injectError(rt: ExecutionRunner, node: Node, inputs: LiteralMap, err: NodeError | undefined): void {
  if (node.inputs.some((b) => b.var === "err") || inputs.literals["err"]) return;
  if (!err) return;
  const failed = [...rt.records.values()].find((r) => isFailureNode(r.phase) && r.error?.message === err.message);
  inputs.literals["err"] = create(LiteralSchema, {
    value: {
      case: "scalar",
      value: create(ScalarSchema, {
        value: {
          case: "error",
          value: create(ErrorSchema, { failedNodeId: failed?.specNodeId ?? "", message: err.message }),
        },
      }),
    },
  });
}

export { nodeInputs };
