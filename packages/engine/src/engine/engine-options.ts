import type { BlobStore } from "@flyte-ts/storage";
import type { CacheClient } from "../cache/cache-client.js";
import type { EventSink } from "../events/event-sink.js";
import type { Clock, EngineSettings, WorkflowCompiler } from "../executor/engine-services.js";
import type { LaunchPlanExecutor } from "../launchplan/launch-plan-executor.js";
import type { PluginRegistry } from "../plugins/plugin-registry.js";
import type { TaskPlugin } from "../plugins/task-plugin.js";
import type { RecoverySource } from "../recovery/recovery-source.js";
import type { ResourceManager } from "../resources/resource-manager.js";
import type { ResourcesConfig } from "../resources/resources-config.js";
import type { SignalSource } from "../signals/signal-source.js";
import type { StateStore } from "../state/state-store.js";
import type { Engine } from "./engine.js";

/** Everything an `Engine` is built from; only `store`, `sink`, `blobs` and `plugins` are required. */
export interface EngineOptions {
  readonly store: StateStore;
  readonly sink: EventSink;
  readonly blobs: BlobStore;
  /** Task plugins (a list is wrapped in a `PluginRegistry`). */
  readonly plugins: PluginRegistry | readonly TaskPlugin[];
  /** Where execution metadata goes: `<metadataPrefix>/<project>-<domain>-<name>/…` (a URI inside `blobs`). */
  readonly metadataPrefix: string;
  /** Raw output prefix for task sandboxes (a URI inside `blobs`). */
  readonly rawOutputPrefix: string;
  readonly clock?: Clock;
  readonly settings?: Partial<EngineSettings>;
  /** Memoization; without it every node reports CACHE_DISABLED. */
  readonly cache?: CacheClient;
  /** Gate signals; default an in-memory source that `Engine.setSignal` writes. */
  readonly signals?: SignalSource;
  /**
   * Child executions of launch-plan nodes: the control plane's implementation, or a factory
   * given the engine (e.g. `(engine) => new InProcessLaunchPlanExecutor({ engine, resolve })`).
   */
  readonly launchPlans?: LaunchPlanExecutor | ((engine: Engine) => LaunchPlanExecutor);
  /** Where recovery mode finds earlier executions' nodes; default this engine's own store. */
  readonly recovery?: RecoverySource;
  /** Task slot / pool quotas and fair sharing between projects (a config or a shared manager); default unlimited. */
  readonly resources?: ResourcesConfig | ResourceManager;
  /** Compiles dynamic workflows; default the `compiler` package. */
  readonly compiler?: WorkflowCompiler;
  /** Errors that do not change state (event sink failures, cleanup errors). Default: ignored. */
  readonly onError?: (error: unknown) => void;
}
