import { clone, create } from "@bufbuild/protobuf";
import { RetryStrategySchema } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import type { Literal } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { NodeMetadataSchema, NodeSchema, type ArrayNode, type Node } from "@flyte-ts/idl/gen/flyteidl/core/workflow_pb";
import { literalMap, literals } from "@flyte-ts/idl";
import { UserError } from "@flyte-ts/core";
import { EngineErrorCode, type NodeError } from "../../model/node-error.js";
import { isFailureNode, isTerminalNode } from "../../model/phases.js";
import type { ChildScope, NodeContext, NodeHandler, Transition } from "../node-handler.js";
import { splitArrayInputs } from "./array-inputs.js";

/**
 * Array (map task) nodes. Each index is a full node of its own in an array scope — its own
 * attempts and retries (per-index, never the whole map), cache entry, events — started at most
 * `parallelism` at a time. Succeeds once at least `min_successes` (or ceil(ratio × size), else
 * all) indices succeeded and none is still running; fails as soon as that can no longer happen.
 * Failed indices contribute none to the output lists.
 */
export const arrayHandler: NodeHandler = {
  async handle(ctx: NodeContext): Promise<Transition> {
    if (ctx.node.target.case !== "arrayNode")
      throw new UserError("NotAnArrayNode", `node ${ctx.node.id} is not an array node`);
    const array = ctx.node.target.value;
    const sub = array.node;
    if (!sub) throw new UserError("ArrayWithoutSubNode", `array node ${ctx.node.id} has no sub-node`);
    const scopeId = `${ctx.uniqueId}#${ctx.attempt}#array`;
    let scope = ctx.scopeById(scopeId);
    let size: number;
    if (scope) {
      size = ctx.node.target.value.node ? scopeSize(ctx, scopeId) : 0;
    } else {
      const perIndex = splitArrayInputs(ctx.node.id, await ctx.inputs(), array.boundInputs);
      size = perIndex.length;
      const retries = ctx.node.metadata?.retries?.retries ?? 0;
      scope = await ctx.openScope({
        id: scopeId,
        kind: "array",
        owner: ctx.scopeOwner,
        nodes: perIndex.map((_, i) => subNode(sub, String(i), retries)),
        closure: ctx.closure,
        failurePolicy: "failAfterExecutableNodesComplete",
        interruptibleDefault: ctx.scope.interruptibleDefault,
        inputOverrides: new Map(perIndex.map((m, i) => [String(i), m])),
        parallelism: array.parallelismOption.case === "parallelism" ? array.parallelismOption.value : 0,
        isArray: true,
        inDynamic: ctx.scope.inDynamic,
      });
    }
    const ids = Array.from({ length: size }, (_, i) => String(i));
    let succeeded = 0;
    let failed = 0;
    let running = 0;
    const errors: { index: string; error: NodeError }[] = [];
    for (const id of ids) {
      const phase = scope.phaseOf(id);
      if (!isTerminalNode(phase)) running++;
      else if (isFailureNode(phase)) {
        failed++;
        const error = scope.errorOf(id);
        if (error) errors.push({ index: id, error });
      } else succeeded++;
    }
    const min = minSuccesses(array, size);
    if (size - failed < min) {
      return { type: "failure", error: summary(ctx.node.id, size, min, failed, errors) };
    }
    if (succeeded >= min && running === 0) return { type: "success", outputs: await gather(ctx, sub, scope, ids) };
    return { type: "running", reason: `${succeeded}/${size} succeeded, ${failed} failed, ${running} running` };
  },
  abort: () => Promise.resolve(),
  finalize: () => Promise.resolve(),
};

/**
 * Index `id`'s node: the sub-node template; retries set on the array node (a map's
 * `withOverrides({ retries })`) apply to every index when the sub-node sets none, so retries
 * are always per index and never retry the whole map.
 */
/** The number of indices of an open array scope. */
function scopeSize(ctx: NodeContext, scopeId: string): number {
  return ctx.scopeById(scopeId)?.size ?? 0;
}

function subNode(sub: Node, id: string, arrayRetries: number): Node {
  const n = clone(NodeSchema, sub);
  n.id = id;
  n.inputs = [];
  n.upstreamNodeIds = [];
  if (arrayRetries > 0 && (n.metadata?.retries?.retries ?? 0) === 0) {
    n.metadata ??= create(NodeMetadataSchema);
    n.metadata.retries = create(RetryStrategySchema, { retries: arrayRetries });
  }
  return n;
}

function minSuccesses(array: ArrayNode, size: number): number {
  const c = array.successCriteria;
  if (c.case === "minSuccesses") return Math.min(size, c.value);
  if (c.case === "minSuccessRatio") return Math.ceil(c.value * size - 1e-9);
  return size;
}

function summary(
  nodeId: string,
  size: number,
  min: number,
  failed: number,
  errors: readonly { index: string; error: NodeError }[],
): NodeError {
  const first = errors[0]?.error;
  const detail = errors
    .slice(0, 5)
    .map((e) => `[${e.index}] ${e.error.code}: ${e.error.message}`)
    .join("; ");
  return {
    kind: first?.kind ?? "USER",
    code: EngineErrorCode.ArrayMinSuccessesNotMet,
    message: `array node ${nodeId}: ${failed} of ${size} indices failed, fewer than the ${min} required can succeed. ${detail}`,
  };
}

async function gather(ctx: NodeContext, sub: Node, scope: ChildScope, ids: readonly string[]) {
  const names = outputNames(ctx, sub);
  const perIndex = await Promise.all(ids.map((id) => scope.outputsOf(id)));
  const lists: Record<string, Literal[]> = {};
  for (const name of names) lists[name] = perIndex.map((o) => o?.literals[name] ?? literals.none());
  return literalMap(Object.fromEntries(Object.entries(lists).map(([k, v]) => [k, literals.collection(v)])));
}

function outputNames(ctx: NodeContext, sub: Node): string[] {
  if (sub.target.case === "taskNode") {
    return Object.keys(ctx.closure.task(sub.target.value.reference.value).interface?.outputs?.variables ?? {});
  }
  return [];
}
