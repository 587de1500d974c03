export { task, type TaskFn, type TaskOptions, type CallArgs, type RunArgs } from "./entities/task.js";
export { workflow, type WorkflowFn, type WorkflowOptions } from "./entities/workflow.js";
export { TaskEntity, type ContainerSpec, type MapSpec, type TaskVariant } from "./entities/task-entity.js";
export { WorkflowEntity, type WorkflowSettings } from "./entities/workflow-entity.js";
export { Entity, type EntityKind, type Naming } from "./entities/entity.js";
export { entityOf } from "./entities/callable.js";
export type { TaskSettings, ResourceSpec, CacheSpec, SecretSpec } from "./entities/task-options.js";
export type { RunOptions } from "./entities/task-run.js";
export { setLocalRunner, type LocalRunner } from "./authoring/local-runner.js";
export { AuthoringError, AuthoringErrorCode } from "./authoring/errors.js";
export { isRef, START_NODE, type Ref } from "./authoring/refs.js";
export type {
  Bindable,
  CallInputs,
  CallResult,
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
export type { FlyteType, Infer, InferMap, TypeMap, DataAccess, TypeContext } from "./types/flyte-type.js";
