// The engine façade.
export { Engine, type CreateExecutionInput, type ExecutionResult } from "./engine/engine.js";
export type { EngineOptions } from "./engine/engine-options.js";
export {
  defaultEngineSettings,
  systemClock,
  type Clock,
  type EngineServices,
  type EngineSettings,
  type WorkflowCompiler,
} from "./executor/engine-services.js";
export { ManualClock } from "./executor/manual-clock.js";
export { defaultWorkflowCompiler } from "./executor/workflow-compiler.js";

// Model: ids, phases, errors.
export { executionKey, toExecutionIdentifier, toNodeExecutionIdentifier, type ExecutionId } from "./model/ids.js";
export {
  NodePhase,
  WorkflowPhase,
  TaskAttemptPhase,
  isTerminalNode,
  isTerminalWorkflow,
  isTerminalAttempt,
  nodeEventPhase,
  workflowEventPhase,
  taskEventPhase,
} from "./model/phases.js";
export { EngineErrorCode, toExecutionError, type ErrorKind, type NodeError } from "./model/node-error.js";

// State.
export type {
  StateStore,
  ExecutionRecord,
  ExecutionConfig,
  NodeRecord,
  AttemptRecord,
  StoredEvent,
  JsonValue,
} from "./state/state-store.js";
export { MemoryStateStore } from "./state/memory-store.js";
export { SqliteStateStore, type SqliteStateStoreOptions } from "./state/sqlite-store.js";

// Events.
export { MemoryEventSink, NullEventSink, type EngineEvent, type EventSink } from "./events/event-sink.js";

// Node handlers.
export { nodeHandlers, handlerFor } from "./nodes/handlers.js";
export type { NodeHandler, NodeContext, NodeKind, Transition, TaskReport, ChildScope } from "./nodes/node-handler.js";

// Plugins.
export type { TaskPlugin, TaskExecutionContext, PluginTransition, PluginPhaseInfo } from "./plugins/task-plugin.js";
export { PluginRegistry, type PluginRegistryOptions } from "./plugins/plugin-registry.js";
export {
  InProcessPlugin,
  RecoverableError,
  type InProcessPluginOptions,
  type TaskFunction,
  type TaskFunctionContext,
} from "./plugins/in-process/in-process-plugin.js";
export { EchoPlugin } from "./plugins/echo/echo-plugin.js";
export { TsTaskPlugin, type TsTaskPluginOptions } from "./plugins/ts-task/ts-task-plugin.js";
export { ContainerPlugin, type ContainerPluginOptions } from "./plugins/container/container-plugin.js";
export { SqlitePlugin, type SqlitePluginOptions } from "./plugins/sql/sqlite-plugin.js";

// Cache.
export {
  MemoryCacheClient,
  type CacheClient,
  type CacheEntry,
  type CachePutResult,
  type CacheSource,
  type Reservation,
  type MemoryCacheClientOptions,
} from "./cache/cache-client.js";
export {
  cacheKeyFor,
  cacheKeyString,
  cacheTagForInputs,
  datasetIdForTask,
  type CacheKey,
  type DatasetId,
} from "./cache/cache-key.js";

// Signals, launch plans, recovery.
export { MemorySignalSource, type SignalSource } from "./signals/signal-source.js";
export type { LaunchPlanExecutor, LaunchRequest, ChildStatus } from "./launchplan/launch-plan-executor.js";
export {
  InProcessLaunchPlanExecutor,
  type InProcessLaunchPlanExecutorOptions,
  type ResolvedLaunchPlan,
} from "./launchplan/in-process-launch-plan-executor.js";
export type { RecoverySource, RecoveredNode } from "./recovery/recovery-source.js";
export { StoreRecoverySource, type StoreRecoverySourceOptions } from "./recovery/store-recovery-source.js";

// Local runs (the SDK's local runner).
export { LocalEngineRunner, LocalRunError, installLocalRunner, type LocalRunnerOptions } from "./local/local-runner.js";
export { LocalNames } from "./local/entity-names.js";
export type { LocalBuild } from "./local/local-closure.js";
export { ResourceManager, type Admission, type ResourceRequest } from "./resources/resource-manager.js";
export {
  checkResourcesConfig,
  POOL_CONFIG_KEY,
  POOL_UNITS_CONFIG_KEY,
  type ResourcesConfig,
  type ProjectResourcesConfig,
} from "./resources/resources-config.js";
export { ResourceErrorCode } from "./resources/resource-gate.js";
