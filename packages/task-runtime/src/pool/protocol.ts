import type { StoreConfig } from "@flyte-ts/storage";
import type { ExecuteResult } from "../execute/execute-task.js";

/**
 * How a worker reaches blobs: stores it opens itself from configs, or `"bridge"`: every blob call
 * goes over IPC to the pool, which serves it from the attempt's store (any backend).
 */
export type WorkerStorage = StoreConfig | readonly StoreConfig[] | "bridge";

/** One attempt as sent to a worker: `ExecuteTaskOptions` minus the store, which the worker builds. */
export interface WorkerTask {
  readonly storage: WorkerStorage;
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

/** A blob store call a bridged worker asks the pool to make (bytes in base64). */
export type BlobCall =
  | { readonly op: "head"; readonly uri: string }
  | { readonly op: "read"; readonly uri: string }
  | { readonly op: "write"; readonly uri: string; readonly base64: string; readonly contentType?: string }
  | { readonly op: "list"; readonly prefix: string }
  | { readonly op: "copy"; readonly from: string; readonly to: string }
  | { readonly op: "delete"; readonly uri: string };

/** `BlobInfo` on the wire. */
export interface WireBlobInfo {
  readonly uri: string;
  readonly size: number;
  readonly etag?: string;
  readonly lastModifiedMs?: number;
}

/** A thrown error on the wire: enough to rebuild a FlyteError (code, kind, retryable). */
export interface WireError {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
  readonly kind?: "user" | "system";
  readonly retryable?: boolean;
}

export type BlobReply =
  | { readonly ok: true; readonly value?: string | WireBlobInfo | readonly WireBlobInfo[] | null }
  | { readonly ok: false; readonly error: WireError };

/** Parent → worker. */
export type ToWorker =
  | { readonly type: "run"; readonly id: number; readonly task: WorkerTask }
  | ({ readonly type: "blobReply"; readonly reqId: number } & BlobReply)
  | { readonly type: "shutdown" };

/** Worker → parent. */
export type FromWorker =
  | { readonly type: "ready" }
  | { readonly type: "done"; readonly id: number; readonly result: ExecuteResult }
  | { readonly type: "blob"; readonly reqId: number; readonly call: BlobCall }
  /** `executeTask` rejected: not even `error.pb` could be written. */
  | { readonly type: "failed"; readonly id: number; readonly message: string };
