import type { Identifier } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import type { LiteralMap } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import type { ExecutionId } from "../model/ids.js";
import type { NodeError } from "../model/node-error.js";

/** What a launch-plan node asks for: a child execution (Admin `CreateExecution`, mode CHILD_WORKFLOW). */
export interface LaunchRequest {
  /** Deterministic: parts(parent execution name, node unique id, attempt), max 20. */
  readonly childId: ExecutionId;
  readonly launchPlanId: Identifier;
  readonly inputs: LiteralMap;
  readonly parent: { readonly execution: ExecutionId; readonly nodeUniqueId: string };
  readonly maxParallelism: number;
  readonly overwriteCache: boolean;
  readonly interruptible?: boolean;
  /** Recover the child from this earlier child execution. */
  readonly recoverFrom?: ExecutionId;
}

/** The state of a child execution as the launch-plan node sees it. */
export type ChildStatus =
  | { readonly phase: "running" }
  | { readonly phase: "succeeded"; readonly outputs: LiteralMap }
  | { readonly phase: "failed"; readonly error: NodeError }
  | { readonly phase: "aborted"; readonly reason: string }
  | { readonly phase: "notFound" };

/**
 * Child executions for launch-plan nodes. The control plane implements it over its
 * execution manager; `InProcessLaunchPlanExecutor` runs children in the same engine.
 */
export interface LaunchPlanExecutor {
  /** Idempotent: launching an existing child id succeeds without a second child. */
  launch(request: LaunchRequest): Promise<void>;
  status(childId: ExecutionId): Promise<ChildStatus>;
  /** Cascading abort: terminates the child (and its children). Idempotent. */
  abort(childId: ExecutionId, reason: string): Promise<void>;
  /** Calls `listener` when the child reaches a terminal phase. */
  watch?(childId: ExecutionId, listener: () => void): () => void;
}
