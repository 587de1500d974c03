import { fork, type ChildProcess } from "node:child_process";
import { appendFileSync } from "node:fs";
import type { ExecuteResult } from "../execute/execute-task.js";
import type { BlobStore } from "@flyte-ts/storage";
import { serveBlobCall } from "./blob-bridge.js";
import { residentMb } from "./resident-memory.js";
import type { BlobCall, FromWorker, ToWorker, WorkerTask } from "./protocol.js";

/** Why a worker went away while it ran an attempt (the pool turns this into the attempt's error). */
export type WorkerLoss =
  | { readonly reason: "timeout"; readonly limitMs: number }
  | {
      readonly reason: "memory";
      readonly limitMb: number;
      /** Resident memory when the limit was crossed, and before the attempt started. */
      readonly rssMb: number;
      readonly baselineMb: number;
    }
  | {
      readonly reason: "crash";
      readonly code: number | null;
      readonly signal: NodeJS.Signals | null;
      readonly tail: string;
      /** The worker's V8 heap limit (`--max-old-space-size`), when one was set. */
      readonly heapLimitMb?: number | undefined;
      /** The last resident memory sampled during the attempt, when it was sampled. */
      readonly rssMb?: number | undefined;
    }
  | { readonly reason: "aborted"; readonly why: string }
  | { readonly reason: "failed"; readonly message: string };

export type RunOutcome =
  { readonly ok: true; readonly result: ExecuteResult } | { readonly ok: false; readonly loss: WorkerLoss };

export interface WorkerProcessOptions {
  readonly entry: string;
  readonly execArgv: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly name: string;
  /** The V8 heap limit given in `execArgv` (for error messages); undefined = none. */
  readonly heapLimitMb?: number | undefined;
  /** Output outside attempts (and native crash output); default: dropped. */
  readonly onOutput?: ((worker: string, text: string) => void) | undefined;
  readonly onExit: (worker: WorkerProcess) => void;
}

export interface RunLimits {
  readonly timeoutMs: number;
  /**
   * How much the worker's resident memory may grow above its RSS when the attempt started (the
   * Node runtime and modules already loaded are not the attempt's); 0 = no check.
   */
  readonly memoryLimitMb: number;
  readonly rssSampleMs: number;
}

const TAIL_BYTES = 4096;
/**
 * How long after a worker exits the pool waits for its output pipes to close (the last words of a
 * crash). A process the task started can hold them open for as long as it lives: the attempt must
 * not wait for it.
 */
const EXIT_GRACE_MS = 500;
/** A worker that has not exited this long after SIGKILL is given up on (its attempt still ends). */
const KILL_WAIT_MS = 5_000;

interface Current {
  readonly id: number;
  /** Serves the worker's blob calls when the attempt is bridged. */
  readonly store: BlobStore | undefined;
  readonly logPath: string | undefined;
  readonly settle: (o: RunOutcome) => void;
  loss?: WorkerLoss;
  timers: NodeJS.Timeout[];
  /** RSS when the attempt started (undefined: not watched). */
  baselineMb?: number;
  lastRssMb?: number;
}

/** One forked worker: runs one attempt at a time, enforces its limits, reports how it died. */
export class WorkerProcess {
  readonly name: string;
  readonly ready: Promise<void>;
  #child: ChildProcess;
  #current: Current | undefined;
  #tail = "";
  #exited = false;
  #retiring = false;
  #nextId = 1;
  #tasksRun = 0;
  /** RSS of the worker before its first attempt: the runtime's own footprint. */
  #freshRssMb: number | undefined;
  #gone = false;
  #grace: NodeJS.Timeout | undefined;
  #killWait: NodeJS.Timeout | undefined;
  readonly #heapLimitMb: number | undefined;
  readonly #onExit: (worker: WorkerProcess) => void;

  constructor(options: WorkerProcessOptions) {
    this.name = options.name;
    this.#heapLimitMb = options.heapLimitMb;
    this.#onExit = options.onExit;
    this.#child = fork(options.entry, [], {
      env: { ...options.env },
      execArgv: [...options.execArgv],
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    });
    const onData = (chunk: Buffer) => this.#output(chunk, options);
    this.#child.stdout?.on("data", onData);
    this.#child.stderr?.on("data", onData);
    this.ready = new Promise<void>((resolve, reject) => {
      this.#child.once("message", (m: FromWorker) => (m.type === "ready" ? resolve() : reject(new Error("bad hello"))));
      this.#child.once("exit", (code, signal) =>
        reject(
          new Error(`worker ${this.name} exited during start (code ${code}, signal ${signal}): ${this.#tail.trim()}`),
        ),
      );
    });
    this.ready.catch(() => undefined);
    this.ready.then(
      () => void this.rssMb().then((mb) => (this.#freshRssMb ??= mb)),
      () => undefined,
    );
    this.#child.on("message", (m: FromWorker) => this.#message(m));
    this.#child.on("exit", (code: number | null, signal: NodeJS.Signals | null) => {
      this.#exited = true;
      this.#grace = setTimeout(() => this.#ended(code, signal), EXIT_GRACE_MS);
    });
    // `close` comes after the pipes are drained, so the tail holds the worker's last words.
    this.#child.on("close", (code: number | null, signal: NodeJS.Signals | null) => this.#ended(code, signal));
    this.#child.on("error", () => undefined);
  }

  /** The worker is gone (pipes closed, or the grace after its exit ran out): end its attempt. */
  #ended(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.#gone) return;
    this.#gone = true;
    this.#exited = true;
    clearTimeout(this.#grace);
    clearTimeout(this.#killWait);
    this.#child.stdout?.destroy();
    this.#child.stderr?.destroy();
    const c = this.#current;
    if (c) {
      const crash: WorkerLoss = {
        reason: "crash",
        code,
        signal,
        tail: this.#tail.trim(),
        heapLimitMb: this.#heapLimitMb,
        rssMb: c.lastRssMb,
      };
      this.#finish({ ok: false, loss: c.loss ?? crash });
    }
    this.#onExit(this);
  }

  get busy(): boolean {
    return this.#current !== undefined;
  }

  get exited(): boolean {
    return this.#exited;
  }

  /** Running and not asked to exit: may be given attempts. */
  get alive(): boolean {
    return !this.#exited && !this.#retiring;
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  get tasksRun(): number {
    return this.#tasksRun;
  }

  /** Runs one attempt; resolves with its result or with how the worker was lost. */
  run(task: WorkerTask, limits: RunLimits, store?: BlobStore): Promise<RunOutcome> {
    if (this.#current || this.#exited) throw new Error(`worker ${this.name} is not idle`);
    const id = this.#nextId++;
    this.#tasksRun += 1;
    this.#tail = "";
    return new Promise<RunOutcome>((settle) => {
      const current: Current = { id, store, logPath: task.logPath, settle, timers: [] };
      this.#current = current;
      void this.#start(current, task, limits);
    });
  }

  async #start(c: Current, task: WorkerTask, limits: RunLimits): Promise<void> {
    const watch = limits.memoryLimitMb > 0 && process.platform === "linux";
    if (watch) {
      const baseline = await this.rssMb();
      if (baseline !== undefined) c.baselineMb = baseline;
      this.#freshRssMb ??= baseline;
    }
    if (this.#current !== c) return; // the worker died meanwhile; its exit ended the attempt
    if (limits.timeoutMs > 0) {
      c.timers.push(setTimeout(() => this.#lose({ reason: "timeout", limitMs: limits.timeoutMs }), limits.timeoutMs));
    }
    if (c.baselineMb !== undefined) {
      const baselineMb = c.baselineMb;
      c.timers.push(setInterval(() => void this.#checkRss(c, limits.memoryLimitMb, baselineMb), limits.rssSampleMs));
    }
    this.#send({ type: "run", id: c.id, task });
  }

  /** Kills the worker; the attempt it runs (if any) ends with `loss`. */
  #lose(loss: WorkerLoss): void {
    const c = this.#current;
    if (c && !c.loss) c.loss = loss;
    this.kill();
  }

  abort(why: string): void {
    this.#lose({ reason: "aborted", why });
  }

  kill(): void {
    if (this.#exited) return;
    this.#child.kill("SIGKILL");
    this.#killWait ??= setTimeout(() => this.#ended(null, "SIGKILL"), KILL_WAIT_MS);
  }

  /** Asks an idle worker to exit. */
  shutdown(): void {
    if (this.#exited || this.#current) return;
    this.#retiring = true;
    this.#send({ type: "shutdown" });
  }

  /** Resident memory in MiB (Linux `/proc`), or undefined where it cannot be read. */
  rssMb(): Promise<number | undefined> {
    return residentMb(this.#child.pid);
  }

  /**
   * How far the resident memory grew above the worker's footprint before its first attempt
   * (what it keeps between attempts: leaks, caches, loaded modules); undefined where unknown.
   */
  async retainedMb(): Promise<number | undefined> {
    const rss = await this.rssMb();
    return rss === undefined || this.#freshRssMb === undefined ? undefined : rss - this.#freshRssMb;
  }

  async #checkRss(c: Current, limitMb: number, baselineMb: number): Promise<void> {
    if (this.#current !== c) return;
    const rssMb = await this.rssMb();
    if (rssMb === undefined || this.#current !== c) return;
    c.lastRssMb = Math.round(rssMb);
    if (rssMb - baselineMb > limitMb) {
      this.#lose({ reason: "memory", limitMb, rssMb: Math.round(rssMb), baselineMb: Math.round(baselineMb) });
    }
  }

  #send(msg: ToWorker): void {
    this.#child.send(msg, (err) => {
      if (err) this.kill();
    });
  }

  #message(m: FromWorker): void {
    const c = this.#current;
    switch (m.type) {
      case "ready":
        return;
      case "done":
        if (c?.id === m.id && !c.loss) this.#finish({ ok: true, result: m.result });
        return;
      case "blob":
        void this.#serveBlob(m.reqId, m.call);
        return;
      case "failed":
        if (c?.id === m.id && !c.loss) this.#finish({ ok: false, loss: { reason: "failed", message: m.message } });
        return;
      default: {
        const never: never = m;
        throw new Error(`unknown worker message ${JSON.stringify(never)}`);
      }
    }
  }

  async #serveBlob(reqId: number, call: BlobCall): Promise<void> {
    const store = this.#current?.store;
    const reply = store
      ? await serveBlobCall(store, call)
      : { ok: false as const, error: { name: "Error", message: "no bridged attempt is running in this worker" } };
    if (!this.#exited) this.#send({ type: "blobReply", reqId, ...reply });
  }

  #finish(outcome: RunOutcome): void {
    const c = this.#current;
    if (!c) return;
    for (const t of c.timers) clearTimeout(t);
    this.#current = undefined;
    c.settle(outcome);
  }

  #output(chunk: Buffer, options: WorkerProcessOptions): void {
    const text = chunk.toString("utf8");
    this.#tail = (this.#tail + text).slice(-TAIL_BYTES);
    const logPath = this.#current?.logPath;
    if (logPath !== undefined) {
      try {
        appendFileSync(logPath, text);
      } catch {
        options.onOutput?.(this.name, text);
      }
    } else {
      options.onOutput?.(this.name, text);
    }
  }
}
