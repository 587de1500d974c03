import type { StoreConfig } from "@flyte-ts/storage";
import type { ExecuteResult } from "../execute/execute-task.js";

/** One attempt as sent to a worker: `ExecuteTaskOptions` minus the store, which the worker builds. */
export interface WorkerTask {
  readonly storage: StoreConfig | readonly StoreConfig[];
  readonly inputs: string;
  readonly outputPrefix: string;
  readonly rawOutputDataPrefix: string;
  readonly checkpointPath?: string;
  readonly prevCheckpoint?: string;
  readonly taskModule: string;
  readonly taskName: string;
  readonly root: string;
  readonly bundle?: { readonly uri: string; readonly destDir: string };
  readonly image?: string;
  /** Set in the worker's `process.env` for the attempt (restored after) and given to the task context. */
  readonly env: Readonly<Record<string, string>>;
  /** The attempt's stdout/stderr go to this local file (appended). */
  readonly logPath?: string;
  readonly worker: string;
}

/** Parent → worker. */
export type ToWorker =
  { readonly type: "run"; readonly id: number; readonly task: WorkerTask } | { readonly type: "shutdown" };

/** Worker → parent. */
export type FromWorker =
  | { readonly type: "ready" }
  | { readonly type: "done"; readonly id: number; readonly result: ExecuteResult }
  /** `executeTask` rejected: not even `error.pb` could be written. */
  | { readonly type: "failed"; readonly id: number; readonly message: string };
