import type { CompiledWorkflowClosure } from "@flyte-ts/idl/gen/flyteidl/core/compiler_pb";
import { LiteralMapSchema, type Literal, type LiteralMap } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { executionDir, readProtoIfExists, workflowInputsPath, writeProto } from "@flyte-ts/storage";
import { AlreadyExistsError, FailedPreconditionError, NotFoundError } from "@flyte-ts/core";
import { defaultEngineSettings, systemClock, type EngineServices } from "../executor/engine-services.js";
import { BatchCommitter } from "../executor/batch-committer.js";
import { closureBytes } from "../executor/closure-cache.js";
import { ExecutionRunner } from "../executor/execution-runner.js";
import { defaultWorkflowCompiler } from "../executor/workflow-compiler.js";
import { executionKey, type ExecutionId } from "../model/ids.js";
import { isTerminalWorkflow } from "../model/phases.js";
import { PluginRegistry } from "../plugins/plugin-registry.js";
import { StoreRecoverySource } from "../recovery/store-recovery-source.js";
import { resourceManager } from "../resources/resource-manager.js";
import { reserveResumedAttempts } from "../resources/resumed-attempts.js";
import { MemorySignalSource, type SignalSource } from "../signals/signal-source.js";
import type { ExecutionConfig, ExecutionRecord, StateStore } from "../state/state-store.js";
import type { EngineOptions } from "./engine-options.js";

/** What `createExecution` takes: a compiled workflow and its inputs. */
export interface CreateExecutionInput {
  readonly id: ExecutionId;
  readonly closure: CompiledWorkflowClosure;
  readonly inputs: LiteralMap;
  readonly config?: Partial<ExecutionConfig>;
}

/** A finished execution: its terminal record and, when it succeeded, its outputs. */
export interface ExecutionResult {
  readonly record: ExecutionRecord;
  readonly outputs?: LiteralMap;
}

const defaultConfig: ExecutionConfig = { maxParallelism: 0, overwriteCache: false };

/**
 * The engine's façade: starts executions of compiled workflows, aborts them, waits for them and,
 * after a restart, resumes every execution the store holds that is not terminal. One
 * `ExecutionRunner` per active execution does the work, event-driven.
 */
export class Engine {
  readonly store: StateStore;
  readonly services: EngineServices;
  readonly #options: EngineOptions;
  readonly #runners = new Map<string, ExecutionRunner>();
  readonly #waiters = new Map<string, ((r: ExecutionRecord) => void)[]>();
  readonly #listeners = new Set<(r: ExecutionRecord) => void>();
  /** One commit for the turns of all runners that end together (stores with `writeBatch`). */
  readonly #committer: BatchCommitter | undefined;
  #closed = false;

  constructor(options: EngineOptions) {
    this.#options = options;
    this.store = options.store;
    const store = options.store;
    this.#committer = hasWriteBatch(store) ? new BatchCommitter(store) : undefined;
    const lp = options.launchPlans;
    this.services = {
      blobs: options.blobs,
      plugins:
        options.plugins instanceof PluginRegistry ? options.plugins : new PluginRegistry({ plugins: options.plugins }),
      compiler: options.compiler ?? defaultWorkflowCompiler,
      cache: options.cache,
      signals: options.signals ?? new MemorySignalSource(),
      launchPlans: typeof lp === "function" ? lp(this) : lp,
      recovery: options.recovery ?? new StoreRecoverySource({ store: options.store, blobs: options.blobs }),
      resources: resourceManager(options.resources),
      clock: options.clock ?? systemClock,
      settings: { ...defaultEngineSettings, ...options.settings },
    };
  }

  get signals(): SignalSource | undefined {
    return this.services.signals;
  }

  /** Creates and starts an execution. Throws `AlreadyExistsError` when the id is taken. */
  async createExecution(input: CreateExecutionInput): Promise<ExecutionRecord> {
    this.#checkOpen();
    const dir = executionDir(this.#options.metadataPrefix, input.id);
    const now = this.services.clock.now();
    const record: ExecutionRecord = {
      id: { project: input.id.project, domain: input.id.domain, name: input.id.name },
      phase: "Ready",
      closure: closureBytes(input.closure),
      config: { ...defaultConfig, ...stripUndefined(input.config ?? {}) },
      executionDir: dir,
      rawOutputPrefix: this.#options.rawOutputPrefix,
      createdAtMs: now,
      updatedAtMs: now,
    };
    // Checked before the inputs are written, so a duplicate create never touches the existing execution's data.
    if (await this.store.getExecution(record.id)) {
      throw new AlreadyExistsError(`execution ${executionKey(record.id)} already exists`, {
        code: "ExecutionAlreadyExists",
      });
    }
    await writeProto(this.services.blobs, workflowInputsPath(dir), LiteralMapSchema, input.inputs);
    // Executions created in the same turn are stored in one transaction (AlreadyExists still per execution).
    if (this.#committer) await this.#committer.commit([{ op: "createExecution", record }]);
    else await this.store.createExecution(record);
    await this.#start(record, input.inputs);
    return record;
  }

  async getExecution(id: ExecutionId): Promise<ExecutionRecord | undefined> {
    return this.#runners.get(executionKey(id))?.exec ?? (await this.store.getExecution(id));
  }

  /** Aborts a running execution: every non-terminal node ends ABORTED, then the execution. No-op when terminal. */
  async abort(id: ExecutionId, reason: string): Promise<void> {
    let runner = this.#runners.get(executionKey(id));
    if (!runner) {
      const record = await this.store.getExecution(id);
      if (!record) throw new NotFoundError(`execution ${executionKey(id)} not found`, { code: "ExecutionNotFound" });
      if (isTerminalWorkflow(record.phase)) return;
      runner = await this.#start(record);
    }
    runner.requestAbort(reason);
  }

  /** Resolves once the execution is terminal, with its outputs when it succeeded. */
  async waitFor(id: ExecutionId): Promise<ExecutionResult> {
    const key = executionKey(id);
    const current = await this.getExecution(id);
    if (!current) throw new NotFoundError(`execution ${key} not found`, { code: "ExecutionNotFound" });
    const record = isTerminalWorkflow(current.phase)
      ? current
      : await new Promise<ExecutionRecord>((resolve) => {
          const list = this.#waiters.get(key) ?? [];
          list.push(resolve);
          this.#waiters.set(key, list);
        });
    const outputs = record.outputsUri
      ? await readProtoIfExists(this.services.blobs, record.outputsUri, LiteralMapSchema)
      : undefined;
    return { record, ...(outputs ? { outputs } : {}) };
  }

  /** After a restart: continues every non-terminal execution in the store. Returns their ids. */
  async resume(): Promise<ExecutionId[]> {
    this.#checkOpen();
    const ids: ExecutionId[] = [];
    const active = (await this.store.listActiveExecutions()).filter((r) => !this.#runners.has(executionKey(r.id)));
    // Attempts that were running count against the quotas before any waiting one is admitted.
    await reserveResumedAttempts(this.store, active, this.services.resources);
    for (const record of active) {
      if (this.#runners.has(executionKey(record.id))) continue;
      await this.#start(record);
      ids.push(record.id);
    }
    return ids;
  }

  /** Sets a gate signal (approve / wait-for-input), type-checked; the waiting gate wakes at once. */
  setSignal(id: ExecutionId, signalId: string, value: Literal): void {
    const signals = this.services.signals;
    if (!(signals instanceof MemorySignalSource)) {
      throw new FailedPreconditionError(
        "signals are owned by the control plane here: set them through its SignalService",
        {
          code: "SignalsNotLocal",
        },
      );
    }
    signals.set(id, signalId, value);
  }

  /** Calls `listener` whenever an execution of this engine reaches a terminal phase. */
  onTerminal(listener: (record: ExecutionRecord) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Stops every runner and waits for evaluations in flight, so the store can be closed after. */
  async close(): Promise<void> {
    this.#closed = true;
    const runners = [...this.#runners.values()];
    this.#runners.clear();
    await Promise.all(runners.map((r) => r.halt()));
  }

  /** `inputs`: the workflow inputs when already in memory (a new execution), else read from `inputs.pb`. */
  async #start(record: ExecutionRecord, inputs?: LiteralMap): Promise<ExecutionRunner> {
    const key = executionKey(record.id);
    const runner = new ExecutionRunner({
      record,
      store: this.store,
      sink: this.#options.sink,
      services: this.services,
      onTerminal: (r) => this.#terminal(key, r),
      onError: (e) => this.#options.onError?.(e),
      committer: this.#committer,
    });
    this.#runners.set(key, runner);
    await runner.start(inputs);
    return runner;
  }

  #terminal(key: string, record: ExecutionRecord): void {
    this.#runners.delete(key);
    const waiters = this.#waiters.get(key) ?? [];
    this.#waiters.delete(key);
    for (const w of waiters) w(record);
    for (const l of [...this.#listeners]) l(record);
  }

  #checkOpen(): void {
    if (this.#closed) throw new FailedPreconditionError("the engine is closed", { code: "EngineClosed" });
  }
}

function hasWriteBatch(store: StateStore): store is StateStore & Required<Pick<StateStore, "writeBatch">> {
  return typeof store.writeBatch === "function";
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
