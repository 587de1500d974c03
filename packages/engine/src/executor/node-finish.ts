import type { CatalogMetadata } from "@flyte-ts/idl/gen/flyteidl/core/catalog_pb";
import type { CompiledWorkflowClosure } from "@flyte-ts/idl/gen/flyteidl/core/compiler_pb";
import type { Node } from "@flyte-ts/idl/gen/flyteidl/core/workflow_pb";
import { nodeAttemptPaths, START_NODE_ID } from "@flyte-ts/storage";
import { isExecutionIdJson } from "../model/ids.js";
import { isFailureNode, isSuccessNode } from "../model/phases.js";
import type { NodeRecord } from "../state/state-store.js";
import { nodeEvent } from "./events.js";
import { EXECUTION_POOL, WORKFLOW_KEY, type ExecutionRunner } from "./execution-runner.js";
import { CatalogCacheStatus, CatalogReservation_Status } from "./node-cache.js";
import { abortChildren } from "./node-abort.js";
import type { Scope } from "./scope.js";

/** Sends the node event for `rec`'s phase (the caller sends one only when the phase changed). */
export async function emitNodeEvent(
  rt: ExecutionRunner,
  scope: Scope,
  node: Node,
  rec: NodeRecord,
  catalogKey?: CatalogMetadata,
  dynamicWorkflow?: { readonly closure: CompiledWorkflowClosure; readonly futuresUri: string },
): Promise<void> {
  const target = node.target;
  const isTask = target.case === "taskNode";
  const owner = scope.spec.owner;
  const state = rec.handlerState;
  const child =
    state !== null && typeof state === "object" && !Array.isArray(state) && "childExecution" in state
      ? (state as { childExecution?: unknown }).childExecution
      : undefined;
  const started = rec.phase !== "Skipped" && node.id !== START_NODE_ID;
  await rt.emit({
    kind: "node",
    event: nodeEvent({
      execution: rt.id,
      producerId: rt.services.settings.producerId,
      uniqueId: rec.uniqueId,
      node,
      phase: rec.phase,
      atMs: rec.updatedAtMs,
      ...(started ? { inputUri: nodeAttemptPaths(rec.dataDir, 0).inputs } : {}),
      ...(isSuccessNode(rec.phase) && rec.outputsUri ? { outputUri: rec.outputsUri } : {}),
      ...(isFailureNode(rec.phase) && rec.error ? { error: rec.error } : {}),
      ...(owner ? { parentUniqueId: owner.uniqueId, retryGroup: String(owner.attempt) } : {}),
      isParent:
        target.case === "branchNode" ||
        target.case === "arrayNode" ||
        (target.case === "workflowNode" && target.value.reference.case === "subWorkflowRef") ||
        rec.phase === "DynamicRunning",
      isDynamic: rec.phase === "DynamicRunning" || (isTask && hasDynamicState(rec)),
      isArray: target.case === "arrayNode",
      inDynamicChain: scope.spec.inDynamic ?? false,
      ...(isTask && target.value.reference.case === "referenceId"
        ? { targetEntity: target.value.reference.value }
        : {}),
      ...(isTask
        ? {
            task: {
              cacheStatus: rec.cacheStatus ?? CatalogCacheStatus.CACHE_DISABLED,
              reservationStatus: rec.reservationStatus ?? CatalogReservation_Status.RESERVATION_DISABLED,
              ...(catalogKey ? { catalogKey } : {}),
              ...(dynamicWorkflow ? { dynamicWorkflow } : {}),
            },
          }
        : {}),
      ...(isExecutionIdJson(child) ? { childExecution: child } : {}),
    }),
  });
}

function hasDynamicState(rec: NodeRecord): boolean {
  const s = rec.handlerState;
  return s !== null && typeof s === "object" && !Array.isArray(s) && "dynamic" in s;
}

/**
 * Bookkeeping once `rec` is terminal: drop its timers and subscriptions, free its parallelism
 * slot, abort what it still owns (a failed parent never leaves children running), and wake what
 * may now proceed: downstream nodes, nodes waiting for a slot, and the owner (parent node or
 * workflow).
 */
export async function finishNode(rt: ExecutionRunner, scope: Scope, node: Node, rec: NodeRecord): Promise<void> {
  rt.release(rec.uniqueId);
  const wasActive = rt.active.delete(rec.uniqueId);
  if (!isSuccessNode(rec.phase))
    await abortChildren(rt, rec.uniqueId, `parent node ${rec.specNodeId} ended ${rec.phase}`);
  for (const d of scope.downstream.get(node.id) ?? []) rt.wake(scope.uniqueIdOf(d));
  // One slot freed (of the array's parallelism, of the execution's): the next waiting node starts.
  if (scope.spec.kind === "array") rt.wakeWaiting(scope.id);
  if (wasActive) rt.wakeWaiting(EXECUTION_POOL);
  const owner = scope.spec.owner;
  rt.wake(owner ? owner.uniqueId : WORKFLOW_KEY);
}
