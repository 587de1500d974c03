import { ErrorDocumentSchema } from "@flyte-ts/idl/gen/flyteidl/core/errors_pb";
import { createStore, joinUri, LayoutFile, writeProto, type BlobStore, type StoreConfig } from "@flyte-ts/storage";
import { classifyThrown, errorDocument, RuntimeErrorCode, type TaskErrorInfo } from "../errors/task-error.js";
import type { ExecuteResult } from "../execute/execute-task.js";
import { storeConfigForUris } from "../execute/store-for-uris.js";
import { attemptUris, workerTask, type AttemptRequest } from "./attempt-request.js";
import { lossError } from "./loss-error.js";
import type { WorkerTask } from "./protocol.js";
import { defaultWorkerEntry, type WorkerEntry } from "./worker-entry.js";
import { WorkerProcess, type WorkerLoss } from "./worker-process.js";

export interface WorkerPoolOptions {
  /** Number of warm worker processes. Default 2. */
  readonly size?: number;
  /**
   * The workers' whole environment. Nothing is inherited from this process (in particular not
   * NODE_OPTIONS or NODE_EXTRA_CA_CERTS, which slows every worker start). Default: empty.
   */
  readonly env?: Readonly<Record<string, string>>;
  /** Default time limit of an attempt; 0 = none. Default 0. */
  readonly taskTimeoutMs?: number;
  /**
   * Default memory limit of an attempt, in MiB: how much it may grow its worker's resident memory
   * above the RSS the worker had when the attempt started (sampled every `rssSampleMs`, Linux).
   * Also caps every worker's V8 heap at this plus `RUNTIME_HEAP_MB` (`--max-old-space-size`).
   * 0 = none. Default 0.
   */
  readonly memoryLimitMb?: number;
  /** How often a running worker's RSS is sampled. Default 100 ms. */
  readonly rssSampleMs?: number;
  /** Stores the workers open; default derived from each attempt's URIs (file:// dirs, s3:// buckets). */
  readonly storage?: StoreConfig | readonly StoreConfig[];
  /** Where the pool itself writes `error.pb` for lost workers; default a store over `storage`. */
  readonly store?: BlobStore;
  /** The package root task module paths are relative to. */
  readonly root: string;
  /** Where fast-registered bundles are extracted, one folder per bundle URI. Default `<tmp>/flyte-ts-bundles`. */
  readonly bundleDir?: string;
  /** Output of workers outside any attempt (and output that could not be logged). */
  readonly onWorkerOutput?: (worker: string, text: string) => void;
  /** Replace a worker after this many attempts; 0 = never. Default 0. */
  readonly maxTasksPerWorker?: number;
  /** How long `close()` waits for running attempts before killing them. Default 30 s. */
  readonly closeTimeoutMs?: number;
  /** Worker entry and node flags, for tests; default this package's worker (tsx-loaded from sources). */
  readonly workerEntry?: WorkerEntry;
}

export interface AttemptHandle {
  /** What the attempt wrote; a lost worker gives a SYSTEM error (also written to `error.pb`). Never rejects. */
  readonly result: Promise<ExecuteResult>;
  /** Resolves when a worker takes the attempt (or when it ends without running). */
  readonly started: Promise<void>;
  /** Ends the attempt: drops it from the queue or kills the worker running it. */
  abort(reason: string): void;
}

export interface WorkerPoolStats {
  readonly size: number;
  readonly alive: number;
  readonly busy: number;
  readonly queued: number;
  readonly started: number;
  readonly replaced: number;
  /** Workers retired after an attempt (attempt count, or resident memory above the limit while idle). */
  readonly recycled: number;
}

interface Pending {
  readonly request: AttemptRequest;
  readonly resolve: (r: ExecuteResult) => void;
  readonly onStart: () => void;
  worker?: WorkerProcess;
  aborted?: string;
}

const MAX_START_FAILURES = 3;
/** Heap the runtime itself uses (SDK, idl, loader), added to `memoryLimitMb` for the V8 heap limit. */
const RUNTIME_HEAP_MB = 64;

/**
 * N warm worker processes running task attempts (`executeTask`) one at a time each. A worker
 * that dies, overruns its time limit or its memory limit is killed and replaced; only the
 * attempt it ran fails, with a SYSTEM error. Modules stay loaded in a worker across attempts.
 */
export class WorkerPool {
  readonly #o: WorkerPoolOptions;
  readonly #entry: WorkerEntry;
  readonly #workers = new Set<WorkerProcess>();
  readonly #ready = new Set<WorkerProcess>();
  readonly #queue: Pending[] = [];
  readonly #running = new Set<Pending>();
  readonly #stores = new Map<string, BlobStore>();
  readonly #onGone = new Map<WorkerProcess, () => void>();
  readonly #idleWaiters: (() => void)[] = [];
  #closed = false;
  #started = 0;
  #replaced = 0;
  #recycled = 0;
  /** Idle workers held back from new attempts while the pool decides whether to retire them. */
  readonly #reserved = new Set<WorkerProcess>();
  #startFailures = 0;
  #seq = 0;

  constructor(options: WorkerPoolOptions) {
    this.#o = options;
    this.#entry = options.workerEntry ?? defaultWorkerEntry();
  }

  get size(): number {
    return Math.max(1, this.#o.size ?? 2);
  }

  stats(): WorkerPoolStats {
    return {
      size: this.size,
      alive: this.#workers.size,
      busy: this.#running.size,
      queued: this.#queue.length,
      started: this.#started,
      replaced: this.#replaced,
      recycled: this.#recycled,
    };
  }

  /**
   * Starts every worker and waits until all are ready (optional: `run` starts them too). A close
   * while workers are still starting is not a failure: it resolves once they are stopped.
   */
  async start(): Promise<void> {
    this.#fill();
    try {
      await Promise.all([...this.#workers].map((w) => w.ready));
    } catch (e) {
      if (!this.#closed) throw e;
    }
  }

  run(request: AttemptRequest): AttemptHandle {
    let onStart: () => void = () => undefined;
    const started = new Promise<void>((resolve) => (onStart = resolve));
    let pending: Pending | undefined;
    const result = new Promise<ExecuteResult>((resolve) => {
      pending = { request, resolve, onStart };
    });
    const p = pending as unknown as Pending;
    if (this.#closed) {
      void this.#fail(p, {
        code: RuntimeErrorCode.PoolClosed,
        message: "the worker pool is closed",
        origin: "SYSTEM",
        recoverable: true,
      });
    } else {
      this.#startFailures = 0;
      this.#queue.push(p);
      this.#fill();
      this.#pump();
    }
    return { result, started, abort: (reason) => this.#abort(p, reason) };
  }

  /** Stops taking attempts, waits for running ones (up to `closeTimeoutMs`), then stops every worker. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const p of this.#queue.splice(0)) {
      void this.#fail(p, {
        code: RuntimeErrorCode.PoolClosed,
        message: "the worker pool closed before the attempt started",
        origin: "SYSTEM",
        recoverable: true,
      });
    }
    const deadline = new Promise((r) => setTimeout(r, this.#o.closeTimeoutMs ?? 30_000).unref());
    await Promise.race([this.#idle(), deadline]);
    const exits = [...this.#workers].map((w) => new Promise<void>((r) => (w.exited ? r() : this.#onGone.set(w, r))));
    for (const w of this.#workers) {
      if (w.busy) w.abort("the worker pool closed");
      else w.shutdown();
    }
    const hard = setTimeout(() => {
      for (const w of this.#workers) w.kill();
    }, 2_000);
    await Promise.all(exits);
    clearTimeout(hard);
  }

  #idle(): Promise<void> {
    if (this.#running.size === 0) return Promise.resolve();
    return new Promise((r) => this.#idleWaiters.push(r));
  }

  #fill(): void {
    if (this.#closed || this.#startFailures >= MAX_START_FAILURES) return;
    while (this.#workers.size < this.size) this.#spawn();
  }

  #spawn(): void {
    const name = `worker-${++this.#seq}`;
    const memoryMb = this.#o.memoryLimitMb ?? 0;
    const heapLimitMb = memoryMb > 0 ? memoryMb + RUNTIME_HEAP_MB : undefined;
    const worker = new WorkerProcess({
      name,
      heapLimitMb,
      entry: this.#entry.path,
      execArgv: [
        ...this.#entry.execArgv,
        ...(heapLimitMb === undefined ? [] : [`--max-old-space-size=${heapLimitMb}`]),
      ],
      env: this.#o.env ?? {},
      onOutput: this.#o.onWorkerOutput,
      onExit: (w) => this.#exited(w),
    });
    this.#started += 1;
    this.#workers.add(worker);
    worker.ready.then(
      () => {
        this.#startFailures = 0;
        this.#ready.add(worker);
        this.#pump();
      },
      () => {
        this.#startFailures += 1;
      },
    );
  }

  #exited(w: WorkerProcess): void {
    const wasReady = this.#ready.delete(w);
    this.#workers.delete(w);
    this.#onGone.get(w)?.();
    this.#onGone.delete(w);
    if (this.#closed) return;
    if (wasReady) this.#replaced += 1;
    if (this.#startFailures >= MAX_START_FAILURES) {
      for (const p of this.#queue.splice(0)) {
        void this.#fail(p, {
          code: RuntimeErrorCode.WorkerCrashed,
          message: `task workers cannot start (${MAX_START_FAILURES} attempts failed); see the worker output`,
          origin: "SYSTEM",
          recoverable: true,
        });
      }
      return;
    }
    this.#fill();
  }

  #pump(): void {
    for (const w of this.#ready) {
      if (this.#queue.length === 0) return;
      if (w.busy || !w.alive || this.#reserved.has(w)) continue;
      const p = this.#queue.shift();
      if (p) void this.#dispatch(w, p);
    }
  }

  async #dispatch(w: WorkerProcess, p: Pending): Promise<void> {
    const r = p.request;
    let task: WorkerTask;
    try {
      task = workerTask(r, w.name, { root: this.#o.root, storage: this.#o.storage, bundleDir: this.#o.bundleDir });
    } catch (e) {
      await this.#fail(p, classifyThrown(e, "load"));
      this.#pump();
      return;
    }
    p.worker = w;
    this.#running.add(p);
    p.onStart();
    const memoryLimitMb = r.memoryLimitMb ?? this.#o.memoryLimitMb ?? 0;
    const outcome = await w.run(
      task,
      {
        timeoutMs: r.timeoutMs ?? this.#o.taskTimeoutMs ?? 0,
        memoryLimitMb,
        rssSampleMs: this.#o.rssSampleMs ?? 100,
      },
      r.store,
    );
    this.#running.delete(p);
    if (outcome.ok) {
      this.#reserved.add(w);
      p.resolve(outcome.result);
      await this.#maybeRecycle(w, memoryLimitMb);
      this.#reserved.delete(w);
    } else {
      await this.#fail(p, lossError(outcome.loss, w.name), task.storage === "bridge" ? undefined : task.storage);
    }
    if (this.#running.size === 0) for (const f of this.#idleWaiters.splice(0)) f();
    this.#pump();
  }

  /**
   * Retires a worker that ran its share of attempts, or that keeps more than the attempt's memory
   * limit above its size before its first attempt (leaks pile up across attempts otherwise). No
   * check costs nothing when neither knob is set.
   */
  async #maybeRecycle(w: WorkerProcess, memoryLimitMb: number): Promise<void> {
    const max = this.#o.maxTasksPerWorker ?? 0;
    let retire = max > 0 && w.tasksRun >= max;
    if (!retire && memoryLimitMb > 0) {
      const retained = await w.retainedMb();
      retire = retained !== undefined && retained > memoryLimitMb;
    }
    if (!retire) return;
    this.#recycled += 1;
    w.shutdown();
  }

  #abort(p: Pending, reason: string): void {
    if (p.aborted !== undefined) return;
    p.aborted = reason;
    const queued = this.#queue.indexOf(p);
    if (queued >= 0) {
      this.#queue.splice(queued, 1);
      void this.#fail(p, lossError({ reason: "aborted", why: reason } satisfies WorkerLoss, "none"));
    } else if (p.worker && this.#running.has(p)) {
      p.worker.abort(reason);
    }
  }

  /** Ends an attempt with a pool-made error, best-effort written to `error.pb`. */
  async #fail(p: Pending, error: TaskErrorInfo, storage?: StoreConfig | readonly StoreConfig[]): Promise<void> {
    const uri = joinUri(p.request.args.outputPrefix, LayoutFile.error);
    try {
      const store =
        p.request.store ??
        this.#o.store ??
        this.#storeFor(
          storage ?? p.request.storage ?? this.#o.storage ?? storeConfigForUris(attemptUris(p.request.args)),
        );
      await writeProto(store, uri, ErrorDocumentSchema, errorDocument(error, "worker-pool"));
    } catch {
      // The engine still learns of the failure from the result.
    }
    p.onStart();
    p.resolve({ outcome: "error", uri, error });
  }

  #storeFor(storage: StoreConfig | readonly StoreConfig[]): BlobStore {
    const key = JSON.stringify(storage);
    let s = this.#stores.get(key);
    if (!s) {
      s = createStore(storage);
      this.#stores.set(key, s);
    }
    return s;
  }
}
