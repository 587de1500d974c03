import type { CompiledWorkflowClosure } from "@flyte-ts/idl/gen/flyteidl/core/compiler_pb";
import type { Identifier } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import type { LiteralMap } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import type { NamedId } from "../persistence/repositories/common.js";

/** What the control plane hands to the engine for one execution. */
export interface LaunchRequest {
  id: NamedId;
  closure: CompiledWorkflowClosure;
  /** The merged inputs (user inputs, defaults, fixed inputs). */
  inputs: LiteralMap;
  overwriteCache: boolean;
  /** 0 = unlimited. */
  maxParallelism: number;
  interruptible?: boolean;
  /** Recovery mode: copy succeeded nodes of this earlier execution instead of re-running them. */
  recoverFrom?: NamedId;
  /** For child executions of launch-plan nodes: the node that launched it. */
  parent?: { execution: NamedId; nodeUniqueId: string };
}

/** A launch-plan node asking for a child execution (Admin CreateExecution, mode CHILD_WORKFLOW). */
export interface ChildExecutionRequest {
  /** Chosen by the engine, deterministic: launching it twice must not start two children. */
  childId: NamedId;
  launchPlanId: Identifier;
  /** The node's inputs; the launch plan's defaults and fixed inputs are merged in. */
  inputs: LiteralMap;
  parent: { execution: NamedId; nodeUniqueId: string };
  maxParallelism: number;
  overwriteCache: boolean;
  interruptible?: boolean;
  recoverFrom?: NamedId;
}

/**
 * The engine as the control plane sees it (Flyte's workflow executor). `flyte start` implements it
 * with the in-process engine; a remote engine would implement it over the network. Events about
 * the execution come back through `EventManager` (and `AdminEventSink` in-process).
 */
export interface ExecutionLauncher {
  /** Starts the execution; resolves once the engine has accepted it. */
  launch(request: LaunchRequest): Promise<void>;
  /**
   * Aborts it: running nodes end ABORTED, then the execution. Throws a `NotFoundError` when the
   * engine does not know the execution (the control plane then records ABORTED itself).
   */
  abort(id: NamedId, cause: string): Promise<void>;
}
