export const TASK_RUNTIME_VERSION = "0.1.0";

export {
  parseExecuteArgs,
  UsageError,
  USAGE,
  EXECUTE_ENTRYPOINT,
  FAST_EXECUTE_ENTRYPOINT,
  MAP_EXECUTE_ENTRYPOINT,
  DEFAULT_RESOLVER,
  type ExecuteArgs,
} from "./args/execute-args.js";
export { executeTask, type ExecuteTaskOptions, type ExecuteResult } from "./execute/execute-task.js";
export { loadTask, type LoadedTask, type LoadTaskOptions } from "./execute/load-task.js";
export { ensureBundle, runtimeNodeModules } from "./execute/code-bundle.js";
export { blobDataAccess } from "./execute/blob-data-access.js";
export { storeConfigForUris, type S3Defaults } from "./execute/store-for-uris.js";
export {
  currentTaskContext,
  runWithTaskContext,
  blobCheckpoint,
  CHECKPOINT_FILE,
  type Checkpoint,
  type TaskContext,
} from "./context/task-context.js";
export {
  RuntimeErrorCode,
  classifyThrown,
  errorDocument,
  errorInfoOf,
  type ErrorOrigin,
  type ErrorStage,
  type TaskErrorInfo,
} from "./errors/task-error.js";
export { WorkerPool, type WorkerPoolOptions, type WorkerPoolStats, type AttemptHandle } from "./pool/worker-pool.js";
export {
  workerTask,
  attemptUris,
  bundleDirFor,
  type AttemptRequest,
  type WorkerTaskDefaults,
} from "./pool/attempt-request.js";
export { defaultWorkerEntry, type WorkerEntry } from "./pool/worker-entry.js";
export type { WorkerTask } from "./pool/protocol.js";
export { lossError } from "./pool/loss-error.js";
export type { WorkerLoss } from "./pool/worker-process.js";
