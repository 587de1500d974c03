import type { DynamicJobSpec } from "@flyte-ts/idl/gen/flyteidl/core/dynamic_job_pb";
import type { LiteralMap } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import type { ExecutionId } from "../model/ids.js";

/** A node of an earlier execution that recovery may reuse. */
export interface RecoveredNode {
  readonly phase: "succeeded" | "recovered" | "other";
  readonly inputs?: LiteralMap;
  readonly outputs?: LiteralMap;
  /**
   * A dynamic node that did not succeed but whose parent task already wrote its futures: the
   * spec and the attempt it belongs to. Recovery reruns that sub-DAG (same child ids) instead of
   * the parent task, so the children recover one by one.
   */
  readonly dynamic?: { readonly spec: DynamicJobSpec; readonly attempt: number };
}

/**
 * Recovery mode (brief §4.9): looks up the node with the same unique id in an earlier execution.
 * Admin implements it from its node-execution rows; `StoreRecoverySource` reads an engine store.
 */
export interface RecoverySource {
  getNode(execution: ExecutionId, nodeUniqueId: string): Promise<RecoveredNode | undefined>;
}
