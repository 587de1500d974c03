import { AsyncLocalStorage } from "node:async_hooks";
import { NotFoundError } from "@flyte-ts/core";
import { joinUri, type BlobStore } from "@flyte-ts/storage";

/** The file a task's checkpoint bytes live in, under the checkpoint prefix. */
export const CHECKPOINT_FILE = "_checkpoint";

/**
 * Intra-task checkpointing (Flyte brief §5.5): each attempt writes under its own prefix and reads
 * what the previous attempt saved (none on a first attempt).
 */
export interface Checkpoint {
  /** Where this attempt writes; undefined when the attempt was given no checkpoint path. */
  readonly prefix: string | undefined;
  /** What the previous attempt wrote; undefined on a first attempt. */
  readonly previousPrefix: string | undefined;
  /** The previous attempt's checkpoint bytes, or undefined when there are none. */
  read(): Promise<Uint8Array | undefined>;
  /** Saves this attempt's checkpoint (replacing an earlier save of this attempt). */
  write(bytes: Uint8Array): Promise<void>;
}

/** What a task body can learn about the attempt it runs in (`currentTaskContext()`). */
export interface TaskContext {
  readonly taskModule: string;
  readonly taskName: string;
  readonly outputPrefix: string;
  readonly rawOutputDataPrefix: string;
  readonly checkpoint: Checkpoint;
  /** Execution facts the engine passed (attempt number, execution id, …), as Flyte's FLYTE_* env. */
  readonly env: Readonly<Record<string, string>>;
}

const KEY = Symbol.for("flyte-ts.task-runtime.context");

/** One store per process, shared by every copy of this module (a bundle may load its own). */
function storage(): AsyncLocalStorage<TaskContext> {
  const g = globalThis as { [KEY]?: AsyncLocalStorage<TaskContext> };
  g[KEY] ??= new AsyncLocalStorage<TaskContext>();
  return g[KEY];
}

/** The context of the task attempt running now, or undefined outside the task runtime. */
export function currentTaskContext(): TaskContext | undefined {
  return storage().getStore();
}

/** Runs `fn` with `ctx` as the current task context. */
export function runWithTaskContext<T>(ctx: TaskContext, fn: () => Promise<T>): Promise<T> {
  return storage().run(ctx, fn);
}

export function blobCheckpoint(
  store: BlobStore,
  prefix: string | undefined,
  previousPrefix: string | undefined,
): Checkpoint {
  return {
    prefix,
    previousPrefix,
    async read() {
      if (previousPrefix === undefined) return undefined;
      try {
        return await store.read(joinUri(previousPrefix, CHECKPOINT_FILE));
      } catch (e) {
        if (e instanceof NotFoundError) return undefined;
        throw e;
      }
    },
    async write(bytes) {
      if (prefix === undefined) throw new NotFoundError("this attempt has no checkpoint path (--checkpoint-path)");
      await store.write(joinUri(prefix, CHECKPOINT_FILE), bytes);
    },
  };
}
