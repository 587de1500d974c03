import type { CompiledWorkflowClosure } from "@flyte-ts/idl/gen/flyteidl/core/compiler_pb";
import type { TaskTemplate } from "@flyte-ts/idl/gen/flyteidl/core/tasks_pb";
import type { WorkflowTemplate } from "@flyte-ts/idl/gen/flyteidl/core/workflow_pb";
import type { BlobStore } from "@flyte-ts/storage";
import type { CacheClient } from "../cache/cache-client.js";
import type { LaunchPlanExecutor } from "../launchplan/launch-plan-executor.js";
import type { PluginRegistry } from "../plugins/plugin-registry.js";
import type { RecoverySource } from "../recovery/recovery-source.js";
import type { ResourceManager } from "../resources/resource-manager.js";
import type { SignalSource } from "../signals/signal-source.js";

/** Compiles a dynamic workflow spec (the `compiler` package in production). */
export interface WorkflowCompiler {
  compile(input: {
    readonly primary: WorkflowTemplate;
    readonly subWorkflows: readonly WorkflowTemplate[];
    readonly tasks: readonly TaskTemplate[];
  }):
    { readonly ok: true; readonly closure: CompiledWorkflowClosure } | { readonly ok: false; readonly message: string };
}

/** Clock and timers, replaceable in tests. */
export interface Clock {
  now(): number;
  setTimer(ms: number, fn: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(ms, fn) {
    const t = setTimeout(fn, Math.max(0, ms));
    t.unref?.();
    return () => clearTimeout(t);
  },
};

/** Engine-wide knobs (propeller's node and workflow config). */
export interface EngineSettings {
  /** `max-node-retries-system-failures` (Flyte default 3). */
  readonly maxSystemRetries: number;
  /** Attempts when a node sets no retries (`default-max-attempts`, Flyte default 1). */
  readonly defaultMaxAttempts: number;
  /** `node-execution-deadline`: per-attempt timeout when neither node nor task sets one; 0 = none. */
  readonly nodeExecutionDeadlineMs: number;
  /** `node-active-deadline`: overall node deadline from first queueing; 0 = none. Terminal, not retried. */
  readonly nodeActiveDeadlineMs: number;
  /** `workflow-active-deadline`: an execution running longer than this (from creation) fails; 0 = none. */
  readonly workflowActiveDeadlineMs: number;
  /** Heartbeat for serialized-cache reservations; waiters re-check at this period. */
  readonly cacheReservationHeartbeatMs: number;
  /** `interruptible-failure-threshold`; −1 = the last system attempt runs non-interruptible. */
  readonly interruptibleFailureThreshold: number;
  /** Period of the safety sweep that re-evaluates every active node (lost wake-ups only); 0 = off. */
  readonly sweepIntervalMs: number;
  /** Identifies this engine on events (`producer_id`). */
  readonly producerId: string;
}

export const defaultEngineSettings: EngineSettings = {
  maxSystemRetries: 3,
  defaultMaxAttempts: 1,
  nodeExecutionDeadlineMs: 0,
  nodeActiveDeadlineMs: 0,
  workflowActiveDeadlineMs: 0,
  cacheReservationHeartbeatMs: 10_000,
  interruptibleFailureThreshold: -1,
  sweepIntervalMs: 30_000,
  producerId: "flyte-ts-engine",
};

/** The collaborators handlers use. */
export interface EngineServices {
  readonly blobs: BlobStore;
  readonly plugins: PluginRegistry;
  readonly compiler: WorkflowCompiler | undefined;
  readonly cache: CacheClient | undefined;
  readonly signals: SignalSource | undefined;
  readonly launchPlans: LaunchPlanExecutor | undefined;
  readonly recovery: RecoverySource | undefined;
  /** Quotas and fair sharing of task slots and pools; undefined = unlimited. */
  readonly resources?: ResourceManager | undefined;
  readonly clock: Clock;
  readonly settings: EngineSettings;
}
