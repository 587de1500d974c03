import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BlobStore, StoreConfig } from "@flyte-ts/storage";
import type { ExecuteArgs } from "../args/execute-args.js";
import { storeConfigForUris } from "../execute/store-for-uris.js";
import type { WorkerTask } from "./protocol.js";

/** One attempt for the pool: the parsed command line plus per-attempt settings. */
export interface AttemptRequest {
  readonly args: ExecuteArgs;
  /** Set in the worker's environment for the attempt and given to the task context. */
  readonly env?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
  /** RSS limit of this attempt (the heap limit is the pool's). */
  readonly memoryLimitMb?: number;
  /** Local file receiving the attempt's stdout and stderr. */
  readonly logPath?: string;
  /** Image recorded in task templates a dynamic task writes. */
  readonly image?: string;
  readonly storage?: StoreConfig | readonly StoreConfig[];
  /**
   * Serve the worker's blob calls from this store over IPC (any backend, memory:// included, with
   * the caller's credentials); without it the worker opens stores from `storage`.
   */
  readonly store?: BlobStore;
}

/** Pool-wide settings an attempt's worker task is built with. */
export interface WorkerTaskDefaults {
  readonly root: string;
  readonly storage?: StoreConfig | readonly StoreConfig[] | undefined;
  readonly bundleDir?: string | undefined;
}

/** Every storage URI an attempt touches (to derive stores when none are configured). */
export function attemptUris(a: ExecuteArgs): string[] {
  return [a.inputs, a.outputPrefix, a.rawOutputDataPrefix, a.checkpointPath, a.prevCheckpoint, a.distribution].filter(
    (u): u is string => u !== undefined,
  );
}

/** One folder per bundle URI, so a worker's module cache never serves another bundle's code. */
export function bundleDirFor(uri: string, base: string | undefined): string {
  return join(base ?? join(tmpdir(), "flyte-ts-bundles"), createHash("sha256").update(uri).digest("hex").slice(0, 16));
}

/** What a worker is sent for an attempt. Throws (a usage error) when no store can reach its URIs. */
export function workerTask(r: AttemptRequest, worker: string, d: WorkerTaskDefaults): WorkerTask {
  const a = r.args;
  return {
    storage: r.store ? "bridge" : (r.storage ?? d.storage ?? storeConfigForUris(attemptUris(a))),
    inputs: a.inputs,
    outputPrefix: a.outputPrefix,
    rawOutputDataPrefix: a.rawOutputDataPrefix,
    ...(a.checkpointPath === undefined ? {} : { checkpointPath: a.checkpointPath }),
    ...(a.prevCheckpoint === undefined ? {} : { prevCheckpoint: a.prevCheckpoint }),
    taskModule: a.taskModule,
    taskName: a.taskName,
    root: d.root,
    ...(a.distribution === undefined
      ? {}
      : { bundle: { uri: a.distribution, destDir: bundleDirFor(a.distribution, d.bundleDir) } }),
    ...(r.image === undefined ? {} : { image: r.image }),
    env: r.env ?? {},
    ...(r.logPath === undefined ? {} : { logPath: r.logPath }),
    worker,
  };
}
