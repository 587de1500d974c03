import type { LiteralMap } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import type { ExecutionId } from "../model/ids.js";

/** A node of an earlier execution that recovery may reuse. */
export interface RecoveredNode {
  readonly phase: "succeeded" | "recovered" | "other";
  readonly inputs?: LiteralMap;
  readonly outputs?: LiteralMap;
}

/**
 * Recovery mode (brief §4.9): looks up the node with the same unique id in an earlier execution.
 * Admin implements it from its node-execution rows; `StoreRecoverySource` reads an engine store.
 */
export interface RecoverySource {
  getNode(execution: ExecutionId, nodeUniqueId: string): Promise<RecoveredNode | undefined>;
}
