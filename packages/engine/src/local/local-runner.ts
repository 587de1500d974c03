import type { Literal, LiteralMap } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { literalMap } from "@flyte-ts/idl";
import { MemoryStore } from "@flyte-ts/storage";
import { FlyteError } from "@flyte-ts/core";
import { entitiesUsedBy, setLocalRunner, type DataAccess, type Entity, type LocalRunner } from "@flyte-ts/sdk";
import { MemoryCacheClient, type CacheClient } from "../cache/cache-client.js";
import { Engine, type ExecutionResult } from "../engine/engine.js";
import { MemoryEventSink } from "../events/event-sink.js";
import type { Clock, EngineSettings } from "../executor/engine-services.js";
import { InProcessLaunchPlanExecutor, type ResolvedLaunchPlan } from "../launchplan/in-process-launch-plan-executor.js";
import type { ExecutionId } from "../model/ids.js";
import type { TaskPlugin } from "../plugins/task-plugin.js";
import { MemorySignalSource } from "../signals/signal-source.js";
import { MemoryStateStore } from "../state/memory-store.js";
import type { ExecutionConfig } from "../state/state-store.js";
import { LocalNames } from "./entity-names.js";
import { buildLocal, type LocalBuild } from "./local-closure.js";
import { LocalTaskPlugin } from "./local-task-plugin.js";

export interface LocalRunnerOptions {
  /** More plugins (e.g. the container plugin for raw-container tasks). */
  readonly plugins?: readonly TaskPlugin[];
  readonly clock?: Clock;
  readonly settings?: Partial<EngineSettings>;
  /** Memoization across runs of this runner: `true` (default) = in memory, `false` = off. */
  readonly cache?: boolean | CacheClient;
  /** Where files, directories and dataframes live; default the SDK's default. */
  readonly data?: DataAccess;
  readonly project?: string;
  readonly domain?: string;
  /** Execution config for every run (max parallelism, overwrite cache…). */
  readonly config?: Partial<ExecutionConfig>;
}

/** A failed or aborted local run: the execution's error code, kind and message. */
export class LocalRunError extends FlyteError {
  readonly execution: ExecutionId;
  constructor(execution: ExecutionId, code: string, message: string, kind: "user" | "system") {
    super(code, message, { kind });
    this.name = "LocalRunError";
    this.execution = execution;
  }
}

/**
 * Runs SDK entities through the real engine in this process: memory state store, memory blob
 * store, in-memory cache, signals and events. `run` has the SDK's `LocalRunner` shape, so
 * `setLocalRunner(runner.run)` (or `installLocalRunner()`) makes `await myWorkflow({...})` work.
 */
export class LocalEngineRunner {
  readonly engine: Engine;
  readonly sink = new MemoryEventSink();
  readonly signals = new MemorySignalSource();
  readonly store = new MemoryStateStore();
  readonly blobs = new MemoryStore({ root: "memory://flyte-local" });
  readonly #plugin: LocalTaskPlugin;
  readonly #launchPlans = new Map<string, ResolvedLaunchPlan>();
  readonly #options: LocalRunnerOptions;
  #names: LocalNames | undefined;
  #count = 0;

  constructor(options: LocalRunnerOptions = {}) {
    this.#options = options;
    this.#plugin = new LocalTaskPlugin({ ...(options.data ? { data: options.data } : {}), names: () => this.#names });
    const cache =
      options.cache === undefined || options.cache === true ? new MemoryCacheClient() : options.cache || undefined;
    this.engine = new Engine({
      store: this.store,
      sink: this.sink,
      blobs: this.blobs,
      plugins: [this.#plugin, ...(options.plugins ?? [])],
      metadataPrefix: "memory://flyte-local/metadata/propeller",
      rawOutputPrefix: "memory://flyte-local/raw",
      signals: this.signals,
      ...(cache ? { cache } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.settings ? { settings: options.settings } : {}),
      launchPlans: (engine) =>
        new InProcessLaunchPlanExecutor({ engine, resolve: (id) => this.#launchPlans.get(id.name) }),
    });
  }

  /** The SDK `LocalRunner`: TS inputs in, TS outputs (by name) out. */
  readonly run: LocalRunner = async (entity, inputs) => {
    const { id, outputs } = await this.runToLiterals(entity, inputs);
    const values: Record<string, unknown> = {};
    for (const [name, type] of Object.entries(entity.iface.outputs)) {
      const lit = outputs.literals[name];
      if (lit === undefined)
        throw new LocalRunError(id, "OutputsNotFound", `${entity.label}: output '${name}' is missing`, "system");
      values[name] = await type.fromLiteral(lit, this.#ctx(`output '${name}' of ${entity.label}`));
    }
    return values;
  };

  /** Runs `entity` and returns its execution id and literal outputs; throws `LocalRunError` when it does not succeed. */
  async runToLiterals(
    entity: Entity,
    inputs: Readonly<Record<string, unknown>>,
    config: Partial<ExecutionConfig> = {},
  ): Promise<{ id: ExecutionId; outputs: LiteralMap }> {
    const { id, done } = await this.start(entity, inputs, config);
    const result = await done;
    const r = result.record;
    if (r.phase !== "Succeeded") {
      const err = r.error;
      throw new LocalRunError(
        id,
        err?.code ?? "Aborted",
        `${entity.label} ${r.phase === "Aborted" ? `was aborted: ${r.abortReason ?? ""}` : `failed: ${err?.message ?? "unknown error"}`}`,
        err?.kind === "SYSTEM" ? "system" : "user",
      );
    }
    return { id, outputs: result.outputs ?? literalMap({}) };
  }

  /**
   * Serializes, compiles and starts `entity`; `done` settles when the execution is terminal
   * (whatever the phase). Use `engine.abort(id, …)` to stop it.
   */
  async start(
    entity: Entity,
    inputs: Readonly<Record<string, unknown>>,
    config: Partial<ExecutionConfig> = {},
  ): Promise<{ id: ExecutionId; done: Promise<ExecutionResult> }> {
    const names = new LocalNames();
    this.#names = names;
    const restore = () => {
      names.restore();
      if (this.#names === names) this.#names = undefined;
    };
    try {
      const build = await this.prepare(entity, names);
      const literals = await this.#inputs(entity, inputs, build.rootLaunchPlan);
      const id: ExecutionId = {
        project: this.#options.project ?? "local",
        domain: this.#options.domain ?? "development",
        name: `local-${Date.now().toString(36)}-${++this.#count}`,
      };
      await this.engine.createExecution({
        id,
        closure: build.closure,
        inputs: literals,
        config: { ...this.#options.config, ...config },
      });
      const done = this.engine.waitFor(id).finally(restore);
      return { id, done };
    } catch (e) {
      restore();
      throw e;
    }
  }

  /** Names what `entity` uses (when unnamed), compiles it and makes its task bodies runnable here. */
  async prepare(entity: Entity, names: LocalNames = new LocalNames()): Promise<LocalBuild> {
    names.name(entitiesUsedBy(entity));
    const build = await buildLocal(entity);
    this.#plugin.add(entitiesUsedBy(entity));
    for (const [k, v] of build.launchPlans) this.#launchPlans.set(k, v);
    return build;
  }

  /** Makes the bodies of these (named) task entities runnable by this runner's plugin. */
  addTasks(entities: Iterable<Entity>): void {
    this.#plugin.add(entities);
  }

  async #inputs(
    entity: Entity,
    given: Readonly<Record<string, unknown>>,
    lp: ResolvedLaunchPlan | undefined,
  ): Promise<LiteralMap> {
    const out: Record<string, Literal> = {};
    for (const [name, type] of Object.entries(entity.iface.inputs)) {
      const value = given[name];
      if (value !== undefined) {
        out[name] = await type.toLiteral(value, this.#ctx(`input '${name}' of ${entity.label}`));
      } else if (lp?.defaultInputs?.literals[name] || lp?.fixedInputs?.literals[name]) {
        continue;
      } else if (name in entity.iface.defaults) {
        out[name] = await type.toLiteral(entity.iface.defaults[name], this.#ctx(`input '${name}' of ${entity.label}`));
      } else {
        throw new LocalRunError(
          { project: "", domain: "", name: "" },
          "ParameterNotBound",
          `${entity.label}: input '${name}' is not given`,
          "user",
        );
      }
    }
    return literalMap({ ...(lp?.defaultInputs?.literals ?? {}), ...out, ...(lp?.fixedInputs?.literals ?? {}) });
  }

  #ctx(what: string) {
    return this.#options.data ? { what, data: this.#options.data } : { what };
  }

  close(): Promise<void> {
    return this.engine.close();
  }
}

/** Registers a `LocalEngineRunner` with the SDK; returns it and a function that unregisters it. */
export function installLocalRunner(options: LocalRunnerOptions = {}): {
  runner: LocalEngineRunner;
  uninstall: () => void;
} {
  const runner = new LocalEngineRunner(options);
  setLocalRunner(runner.run);
  return {
    runner,
    uninstall: () => {
      setLocalRunner(undefined);
      void runner.close();
    },
  };
}
