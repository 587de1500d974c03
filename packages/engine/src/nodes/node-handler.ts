import type { TaskLog } from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";
import type { LiteralMap } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import type { CompiledWorkflowClosure } from "@flyte-ts/idl/gen/flyteidl/core/compiler_pb";
import type { Node } from "@flyte-ts/idl/gen/flyteidl/core/workflow_pb";
import type { TaskTemplate } from "@flyte-ts/idl/gen/flyteidl/core/tasks_pb";
import type { NodeAttemptPaths } from "@flyte-ts/storage";
import type { ExecutionId } from "../model/ids.js";
import type { NodeError } from "../model/node-error.js";
import type { NodePhase, TaskAttemptPhase } from "../model/phases.js";
import type { AttemptRecord, ExecutionConfig, JsonValue, NodeRecord } from "../state/state-store.js";
import type { EngineServices } from "../executor/engine-services.js";
import type { FailurePolicy, ScopeSpec, ScopeStatus } from "../executor/scope.js";
import type { ClosureIndex } from "../executor/closure-index.js";

/** The kinds of node the engine runs; one handler each (`handlers.ts`). */
export type NodeKind =
  "start" | "end" | "task" | "branch" | "subworkflow" | "launchplan" | "dynamic" | "array" | "gate";

/** What a task handler reports about the current task attempt; the executor persists it and emits task events. */
export interface TaskReport {
  readonly phase: TaskAttemptPhase;
  readonly version: number;
  readonly logs?: readonly TaskLog[];
  readonly reason?: string;
  readonly pluginState?: JsonValue;
  readonly error?: NodeError;
}

interface TransitionCommon {
  /** New handler state; omitted = unchanged. */
  readonly state?: JsonValue;
  readonly task?: TaskReport;
  readonly reason?: string;
  /** Evaluate the node again after this long (sleeps, polls); otherwise only on a wake-up. */
  readonly wakeAfterMs?: number;
}

/**
 * A handler's verdict on one evaluation: a value the executor applies. Handlers never persist.
 * `success` carries the node outputs; the executor writes `outputs.pb` unless `outputsWritten`.
 */
export type Transition =
  | (TransitionCommon & { readonly type: "queued" })
  | (TransitionCommon & { readonly type: "running" })
  | (TransitionCommon & {
      readonly type: "dynamicRunning";
      /** Set when the node turns dynamic: the compiled sub-workflow, reported on the DYNAMIC_RUNNING event. */
      readonly dynamicWorkflow?: { readonly closure: CompiledWorkflowClosure; readonly futuresUri: string };
    })
  | (TransitionCommon & { readonly type: "success"; readonly outputs: LiteralMap; readonly outputsWritten?: boolean })
  | (TransitionCommon & { readonly type: "retryableFailure"; readonly error: NodeError })
  | (TransitionCommon & { readonly type: "failure"; readonly error: NodeError });

/** A child scope (sub-DAG) as its owning handler sees it. */
export interface ChildScope {
  readonly status: ScopeStatus;
  /** Number of nodes in the scope. */
  readonly size: number;
  /** Phase of each child node by spec node id (NotYetStarted when it has no record yet). */
  phaseOf(specNodeId: string): NodePhase;
  errorOf(specNodeId: string): NodeError | undefined;
  outputsOf(specNodeId: string): Promise<LiteralMap | undefined>;
}

/** Everything a handler may read or ask for during one evaluation. */
export interface NodeContext {
  readonly execution: ExecutionId;
  readonly config: ExecutionConfig;
  readonly node: Node;
  readonly record: NodeRecord;
  readonly uniqueId: string;
  readonly attempt: number;
  /** parts(execution name, unique id, attempt), max 50: pod name, sandbox id, reservation owner. */
  readonly generatedName: string;
  readonly paths: NodeAttemptPaths;
  /** The execution's raw-output prefix (attempt sandboxes go below it). */
  readonly rawOutputPrefix: string;
  readonly closure: ClosureIndex;
  readonly services: EngineServices;
  readonly interruptible: boolean;
  readonly state: JsonValue | undefined;
  /** The node's current task attempt record, for task handlers. */
  readonly taskAttempt: AttemptRecord | undefined;
  /** Set for array sub-nodes. */
  readonly arrayIndex: number | undefined;
  /** The node's resolved inputs (`inputs.pb`). */
  inputs(): Promise<LiteralMap>;
  task(): TaskTemplate;
  /** Evaluate this node again soon (called from callbacks: plugin done, signal set, child done). */
  wake(): void;
  /**
   * Registers a subscription (signal, child execution) under `key`, once: later calls with the
   * same key are ignored. Dropped when the node ends.
   */
  watch(key: string, subscribe: (wake: () => void) => () => void): void;
  /** The scope this node belongs to. */
  readonly scope: {
    readonly id: string;
    readonly failurePolicy: FailurePolicy;
    readonly interruptibleDefault: boolean;
    readonly inDynamic: boolean;
  };
  /** The owner record for child scopes of this node's current attempt. */
  readonly scopeOwner: { readonly uniqueId: string; readonly attempt: number; readonly dataDir: string };
  /** Opens (first call) or reads a child scope owned by this node and attempt. */
  openScope(spec: ScopeSpec): Promise<ChildScope>;
  /** Reads a child scope opened earlier (this evaluation or before), if open. */
  scopeById(scopeId: string): ChildScope | undefined;
  /** Aborts every non-terminal node of a child scope (sub-workflow failing before its failure node runs). */
  abortScope(scopeId: string, reason: string): Promise<void>;
}

/** One node kind's behaviour (propeller's handler interface). */
export interface NodeHandler {
  handle(ctx: NodeContext): Promise<Transition>;
  /** Stops what the node started (task, child execution). Idempotent; children are aborted by the executor. */
  abort(ctx: NodeContext, reason: string): Promise<void>;
  /** Releases resources after a terminal phase or an abort. Idempotent. */
  finalize(ctx: NodeContext): Promise<void>;
}
