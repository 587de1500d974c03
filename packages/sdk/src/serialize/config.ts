/** Settings of one serialization run. */
export interface SerializeConfig {
  /** The image of tasks that do not set `image`. */
  readonly image: string;
}

/** The image used when neither the task nor the package sets one. */
export const DEFAULT_IMAGE = "ghcr.io/flyte-ts/runtime:latest";

/** The version recorded in task runtime metadata. */
export const SDK_VERSION = "0.1.0";

/** The task type of TypeScript function tasks (selects the engine plugin). */
export const TS_TASK_TYPE = "ts-task";
/** The task type of raw container tasks. */
export const RAW_CONTAINER_TASK_TYPE = "raw-container";
