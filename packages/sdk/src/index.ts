// Authoring: tasks, workflows and every node kind.
export { task, type TaskFn, type TaskOptions, type CallArgs, type RunArgs } from "./entities/task.js";
export { workflow, type WorkflowFn, type WorkflowOptions } from "./entities/workflow.js";
export { dynamic, type DynamicFn } from "./entities/dynamic.js";
export { map, type MapOptions, type MapTaskFn } from "./entities/map.js";
export { containerTask, type ContainerTaskOptions } from "./entities/container-task.js";
export { launchPlan, type LaunchPlanFn, type LaunchPlanOptions } from "./entities/launch-plan.js";
export { referenceTask, referenceWorkflow, referenceLaunchPlan, type ReferenceOptions } from "./entities/reference.js";
export {
  conditional,
  type ConditionalStart,
  type Cases,
  type ElseThen,
  type FirstThen,
  type NextThen,
} from "./authoring/conditional.js";
export {
  eq,
  ne,
  gt,
  gte,
  lt,
  lte,
  and,
  or,
  isTrue,
  isFalse,
  type Cond,
  type Comparable,
  type Comparison,
} from "./authoring/conditions.js";
export { sleep, approve, waitForSignal } from "./authoring/gates.js";
export { sequence } from "./authoring/sequence.js";
export { setLocalRunner, type LocalRunner } from "./authoring/local-runner.js";
export { entitiesUsedBy, executeTaskEntity, expandDynamicEntity } from "./local/engine-support.js";
export { AuthoringError, AuthoringErrorCode } from "./authoring/errors.js";
export { RecoverableError, RECOVERABLE_ERROR_CODE } from "./errors/recoverable-error.js";
export { isRef, START_NODE, type Ref } from "./authoring/refs.js";
export type {
  Bindable,
  CallInputs,
  CallResult,
  EntityInterface,
  InputRefs,
  NodeHandle,
  OutputRefs,
  OutputSpec,
  OutputValue,
  RunInputs,
  WorkflowReturn,
} from "./authoring/interface.js";
export type { NodeOverrides } from "./authoring/graph.js";
export type { DurationLike } from "./authoring/duration.js";

// Entities (what the engine, the task runtime and the CLI read).
export { Entity, type EntityKind, type Naming } from "./entities/entity.js";
export { TaskEntity, type ContainerSpec, type MapSpec, type TaskVariant } from "./entities/task-entity.js";
export { WorkflowEntity, type WorkflowSettings } from "./entities/workflow-entity.js";
export {
  LaunchPlanEntity,
  type LaunchPlanSettings,
  type NotificationPhase,
  type NotificationSpec,
  type Schedule,
} from "./entities/launch-plan-entity.js";
export { entityOf } from "./entities/callable.js";
export type { TaskSettings, ResourceSpec, CacheSpec, SecretSpec } from "./entities/task-options.js";
export type { RunOptions } from "./entities/task-run.js";

// Serialization and Flyte packages.
export { taskTemplate } from "./serialize/task-template.js";
export { workflowSpec, workflowTemplate, type WorkflowClosure } from "./serialize/workflow-template.js";
export { launchPlanMessage } from "./serialize/launch-plan.js";
export { dynamicJobSpec } from "./serialize/dynamic-job.js";
export {
  buildPackage,
  nameEntities,
  moduleName,
  type ModuleExports,
  type Package,
  type PackageEntry,
} from "./serialize/package.js";
export { checkPackage, type PackageCheck } from "./serialize/check-package.js";
export { writePackageDir, writePackageTgz, readPackage, type ReadEntry } from "./serialize/package-writer.js";
export {
  DEFAULT_IMAGE,
  SDK_VERSION,
  TS_TASK_TYPE,
  RAW_CONTAINER_TASK_TYPE,
  type SerializeConfig,
} from "./serialize/config.js";

// The type engine.
export {
  t,
  FlyteFile,
  FlyteDirectory,
  DataFrame,
  DATAFRAME_FORMATS,
  MSGPACK_TAG,
  memoryDataAccess,
  isEngineType,
  literalTypeOf,
  typeFromLiteralType,
  typeFromJsonSchema,
  parseInputText,
  offloadIfLarge,
  loadOffloaded,
  inferLiteralType,
  TYPE_MISMATCH,
  typeMismatch,
  describeValue,
  describeLiteral,
  encodeMsgpack,
  decodeMsgpack,
  MsgFloat,
  type DataAccess,
  type TypeContext,
  type FlyteType,
  type Infer,
  type TypeMap,
  type InferMap,
  type FlyteFileOptions,
  type FlyteDirectoryOptions,
  type DataFrameFormat,
  type StructValue,
  type StructOptions,
  type EngineType,
  type Fit,
  type OffloadOptions,
  type MemoryDataAccess,
  type MsgValue,
  type DecodedMsg,
} from "./types/index.js";
export { arrowToLiteralType } from "./types/index.js";
