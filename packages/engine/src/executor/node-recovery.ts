import { DynamicJobSpecSchema } from "@flyte-ts/idl/gen/flyteidl/core/dynamic_job_pb";
import { LiteralMapSchema, type LiteralMap } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import type { Node } from "@flyte-ts/idl/gen/flyteidl/core/workflow_pb";
import { nodeAttemptPaths, START_NODE_ID, writeProto } from "@flyte-ts/storage";
import type { RecoveredNode } from "../recovery/recovery-source.js";
import type { NodeRecord } from "../state/state-store.js";
import type { ExecutionRunner } from "./execution-runner.js";
import { emitNodeEvent, finishNode } from "./node-finish.js";
import type { Scope } from "./scope.js";

/**
 * Recovery mode (brief §4.9): a node that succeeded (or was recovered) in the earlier execution
 * is RECOVERED here with the same inputs and outputs and no work done.
 */
export async function tryRecover(
  rt: ExecutionRunner,
  scope: Scope,
  node: Node,
  base: NodeRecord,
): Promise<NodeRecord | undefined> {
  const from = rt.exec.config.recoverFrom;
  const source = rt.services.recovery;
  if (!from || !source || node.id === START_NODE_ID) return undefined;
  const old = await source.getNode(from, base.uniqueId);
  if (old?.phase === "other" && old.dynamic && old.inputs && node.target.case === "taskNode") {
    return recoverDynamic(rt, scope, node, base, old.dynamic, old.inputs);
  }
  if (!old || old.phase === "other" || !old.outputs) return undefined;
  const paths = nodeAttemptPaths(base.dataDir, 0);
  if (old.inputs) await writeProto(rt.services.blobs, paths.inputs, LiteralMapSchema, old.inputs);
  await writeProto(rt.services.blobs, paths.outputs, LiteralMapSchema, old.outputs);
  rt.outputs.set(base.uniqueId, old.outputs);
  const now = rt.services.clock.now();
  const rec: NodeRecord = {
    ...base,
    phase: "Recovered",
    outputsUri: paths.outputs,
    queuedAtMs: now,
    stoppedAtMs: now,
    updatedAtMs: now,
  };
  await emitNodeEvent(rt, scope, node, rec);
  await rt.putNode(rec);
  await finishNode(rt, scope, node, rec);
  return rec;
}

/**
 * A dynamic node whose parent task had finished: its inputs and futures are copied to the same
 * attempt, and the node continues DynamicRunning, so the sub-DAG is compiled again with the same
 * child ids and each child recovers (or reruns) on its own. The parent task does not rerun.
 */
async function recoverDynamic(
  rt: ExecutionRunner,
  scope: Scope,
  node: Node,
  base: NodeRecord,
  dynamic: NonNullable<RecoveredNode["dynamic"]>,
  inputs: LiteralMap,
): Promise<NodeRecord> {
  const paths = nodeAttemptPaths(base.dataDir, dynamic.attempt);
  await writeProto(rt.services.blobs, paths.inputs, LiteralMapSchema, inputs);
  await writeProto(rt.services.blobs, paths.futures, DynamicJobSpecSchema, dynamic.spec);
  rt.inputs.set(base.uniqueId, inputs);
  const now = rt.services.clock.now();
  const rec: NodeRecord = {
    ...base,
    phase: "DynamicRunning",
    attempt: dynamic.attempt,
    handlerState: { dynamic: paths.futures },
    message: "recovered: rerunning the dynamic sub-workflow",
    queuedAtMs: now,
    lastAttemptStartedAtMs: now,
    updatedAtMs: now,
  };
  await emitNodeEvent(rt, scope, node, rec);
  await rt.putNode(rec);
  return rec;
}
