import type { ExecutionId } from "../model/ids.js";
import type { NodeError } from "../model/node-error.js";
import type { NodePhase, TaskAttemptPhase, WorkflowPhase } from "../model/phases.js";

/** JSON-serialisable values: what handler and plugin state may hold. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [k: string]: JsonValue };

/** Knobs fixed when an execution starts (Flyte's execution config). */
export interface ExecutionConfig {
  /** Max concurrently active task, array and launch-plan nodes; 0 = unlimited. */
  readonly maxParallelism: number;
  /** Skip cache lookups and overwrite cached outputs. */
  readonly overwriteCache: boolean;
  /** Execution-level interruptible override. */
  readonly interruptible?: boolean;
  /** Recover succeeded nodes from this earlier execution. */
  readonly recoverFrom?: ExecutionId;
  /** The parent node execution, for child (launch plan) executions. */
  readonly parent?: { readonly execution: ExecutionId; readonly nodeUniqueId: string };
}

export interface ExecutionRecord {
  readonly id: ExecutionId;
  readonly phase: WorkflowPhase;
  /** `CompiledWorkflowClosure` in protobuf binary. */
  readonly closure: Uint8Array;
  readonly config: ExecutionConfig;
  /** `<metadataPrefix>/<project>-<domain>-<name>` */
  readonly executionDir: string;
  readonly rawOutputPrefix: string;
  readonly error?: NodeError;
  /** The end node's `outputs.pb`, once succeeded. */
  readonly outputsUri?: string;
  /** Why the execution was aborted, once it is. */
  readonly abortReason?: string;
  readonly createdAtMs: number;
  readonly updatedAtMs: number;
}

/** One node execution (one row), keyed by the node's unique id within its execution. */
export interface NodeRecord {
  readonly uniqueId: string;
  readonly specNodeId: string;
  /** The scope (DAG) the node belongs to; `root` for the top-level workflow. */
  readonly scopeId: string;
  /** Unique id of the parent node (sub-workflow, branch, dynamic, array), if nested. */
  readonly parentUniqueId?: string;
  readonly phase: NodePhase;
  /** Attempts started so far minus one: the current attempt number (0-based). */
  readonly attempt: number;
  readonly systemFailures: number;
  readonly dataDir: string;
  readonly queuedAtMs?: number;
  readonly lastAttemptStartedAtMs?: number;
  readonly stoppedAtMs?: number;
  readonly message?: string;
  readonly error?: NodeError;
  readonly outputsUri?: string;
  /** Kind-specific handler state (branch taken node, dynamic closure path, array counts, …). */
  readonly handlerState?: JsonValue;
  /** `core.CatalogCacheStatus` reported on events. */
  readonly cacheStatus?: number;
  readonly reservationStatus?: number;
  readonly updatedAtMs: number;
}

/** One task attempt of a task node (one row per attempt). */
export interface AttemptRecord {
  readonly nodeUniqueId: string;
  readonly attempt: number;
  readonly phase: TaskAttemptPhase;
  readonly phaseVersion: number;
  readonly pluginState?: JsonValue;
  readonly startedAtMs: number;
  readonly stoppedAtMs?: number;
  readonly outputsUri?: string;
  readonly error?: NodeError;
}

/** An event as appended to the log: the protobuf bytes and what they are. */
export interface StoredEvent {
  readonly seq: number;
  readonly kind: "workflow" | "node" | "task";
  readonly payload: Uint8Array;
}

/**
 * Durable execution state: executions, node executions and task attempts as rows, plus an
 * append-only event log. The executor is the only writer. Implementations: `MemoryStateStore`,
 * `SqliteStateStore`; both pass `test/state-store-contract.ts`.
 */
export interface StateStore {
  /** Throws `AlreadyExistsError` when an execution with this id exists. */
  createExecution(record: ExecutionRecord): Promise<void>;
  getExecution(id: ExecutionId): Promise<ExecutionRecord | undefined>;
  updateExecution(record: ExecutionRecord): Promise<void>;
  /** Every execution whose phase is not terminal (to resume after a restart). */
  listActiveExecutions(): Promise<ExecutionRecord[]>;

  getNodes(execution: ExecutionId): Promise<NodeRecord[]>;
  getNode(execution: ExecutionId, uniqueId: string): Promise<NodeRecord | undefined>;
  putNode(execution: ExecutionId, record: NodeRecord): Promise<void>;

  getAttempts(execution: ExecutionId, nodeUniqueId: string): Promise<AttemptRecord[]>;
  /** Creates or updates a non-terminal attempt. Returns false (and writes nothing) when the stored attempt is terminal. */
  putAttempt(execution: ExecutionId, record: AttemptRecord): Promise<boolean>;

  appendEvent(execution: ExecutionId, kind: StoredEvent["kind"], payload: Uint8Array): Promise<number>;
  listEvents(execution: ExecutionId): Promise<StoredEvent[]>;

  /**
   * Optional: applies `writes` in order as ONE atomic unit (one SQLite transaction, one commit):
   * all are stored or none is, and the promise rejects with the first error (`NotFoundError`,
   * `AlreadyExistsError`). Results are positional and are what the single method returns:
   * `putAttempt` → whether it wrote (a refused terminal attempt is a result, not an error),
   * `appendEvent` → the sequence number, the others `undefined`. Meant for the writes of one
   * engine turn; callers fall back to the single methods when a store lacks it.
   */
  writeBatch?(writes: readonly StateWrite[]): Promise<StateWriteResult[]>;
}

/** One write of a `StateStore.writeBatch`: the arguments of the single method of that name. */
export type StateWrite =
  | { readonly op: "createExecution"; readonly record: ExecutionRecord }
  | { readonly op: "updateExecution"; readonly record: ExecutionRecord }
  | { readonly op: "putNode"; readonly execution: ExecutionId; readonly record: NodeRecord }
  | { readonly op: "putAttempt"; readonly execution: ExecutionId; readonly record: AttemptRecord }
  | {
      readonly op: "appendEvent";
      readonly execution: ExecutionId;
      readonly kind: StoredEvent["kind"];
      readonly payload: Uint8Array;
    };

/** What a write of a batch returned: `boolean` for putAttempt, `number` for appendEvent, else undefined. */
export type StateWriteResult = boolean | number | undefined;
