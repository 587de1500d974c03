import type { TaskLog } from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";
import type { LiteralMap } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import type { TaskTemplate } from "@flyte-ts/idl/gen/flyteidl/core/tasks_pb";
import type { BlobStore, NodeAttemptPaths } from "@flyte-ts/storage";
import type { ExecutionId } from "../model/ids.js";
import type { NodeError } from "../model/node-error.js";
import type { JsonValue } from "../state/state-store.js";

/** Everything a plugin knows about one task attempt. */
export interface TaskExecutionContext {
  readonly execution: ExecutionId;
  readonly nodeUniqueId: string;
  readonly attempt: number;
  readonly task: TaskTemplate;
  /** parts(execution name, node unique id, attempt), max 50: pod name, sandbox id, owner id. */
  readonly generatedName: string;
  readonly paths: NodeAttemptPaths;
  readonly rawOutputSandbox: string;
  readonly checkpointPrefix: string;
  readonly previousCheckpointPrefix: string | undefined;
  readonly blobs: BlobStore;
  readonly interruptible: boolean;
  /** Set for array (map task) sub-nodes: the index (`FLYTE_K8S_ARRAY_INDEX`). */
  readonly arrayIndex?: number;
  /** What this plugin returned as `state` last time, for this attempt. */
  readonly pluginState: JsonValue | undefined;
  inputs(): Promise<LiteralMap>;
  /** Asks the engine to call `handle` again soon (the plugin observed a change). */
  wake(): void;
}

/** A plugin's report for one `handle` call (flyteplugins `PhaseInfo`). */
export type PluginPhaseInfo =
  | { readonly phase: "notReady"; readonly reason: string }
  | { readonly phase: "queued"; readonly reason?: string }
  | { readonly phase: "waitingForResources"; readonly reason: string }
  | { readonly phase: "initializing"; readonly reason?: string }
  | { readonly phase: "running"; readonly reason?: string }
  /**
   * The task finished; the engine reads `outputs.pb` / `error.pb` / `futures.pb` from the attempt
   * dir, unless the plugin passes `outputs`: what it wrote to `outputs.pb` itself (and it wrote
   * neither `error.pb` nor `futures.pb`), so the engine need not read the files back.
   */
  | { readonly phase: "success"; readonly outputs?: LiteralMap }
  | { readonly phase: "retryableFailure"; readonly error: NodeError }
  | { readonly phase: "permanentFailure"; readonly error: NodeError };

export type PluginTransition = PluginPhaseInfo & {
  /** Bump to report new information within the same phase. */
  readonly version?: number;
  readonly logs?: readonly TaskLog[];
  /** Opaque state the engine persists and hands back on the next call. */
  readonly state?: JsonValue;
  /** Call `handle` again after this long even without a wake-up (e.g. a poll of an external job). */
  readonly recheckAfterMs?: number;
};

/**
 * A task plugin, chosen by task type. `handle` must not block on the task: it starts work or
 * reports progress and returns; it is called again after `wake()` or `recheckAfterMs`. `handle`,
 * `abort` and `finalize` are idempotent; `abort` is always followed by `finalize`.
 */
export interface TaskPlugin {
  readonly id: string;
  readonly taskTypes: readonly string[];
  /** Plugins whose results must never be cached (e.g. side effects) say so here. */
  readonly disableNodeLevelCaching?: boolean;
  handle(ctx: TaskExecutionContext): Promise<PluginTransition>;
  abort(ctx: TaskExecutionContext, reason: string): Promise<void>;
  finalize(ctx: TaskExecutionContext): Promise<void>;
}
