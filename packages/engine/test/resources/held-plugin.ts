import { literalMap, literals } from "@flyte-ts/idl";
import type { CompiledWorkflowClosure } from "@flyte-ts/idl/gen/flyteidl/core/compiler_pb";
import { t, task, workflow } from "@flyte-ts/sdk";
import { MemoryStore } from "@flyte-ts/storage";
import {
  Engine,
  LocalEngineRunner,
  MemoryEventSink,
  MemoryStateStore,
  type EngineOptions,
  type ExecutionId,
  type PluginTransition,
  type StateStore,
  type TaskExecutionContext,
  type TaskPlugin,
} from "../../src/index.js";

export const HELD_TASK_TYPE = "held-task";

/**
 * A plugin whose attempts "run" for `durationMs` (a real timer), or until `finish` when the
 * duration is Infinity; it tracks how many attempts run at once per project.
 */
export class HeldPlugin implements TaskPlugin {
  readonly id = "held";
  readonly taskTypes = [HELD_TASK_TYPE];
  readonly #jobs = new Map<string, { project: string; done: boolean; wake: () => void }>();
  readonly running = new Map<string, number>();
  readonly peak = new Map<string, number>();
  peakTotal = 0;
  /** Projects in the order their attempts started. */
  readonly starts: string[] = [];
  /** Finished attempts per project. */
  readonly finished = new Map<string, number>();
  constructor(readonly durationMs: number) {}

  handle(ctx: TaskExecutionContext): Promise<PluginTransition> {
    const key = ctx.generatedName;
    let job = this.#jobs.get(key);
    if (!job) {
      const project = ctx.execution.project;
      job = { project, done: false, wake: () => ctx.wake() };
      this.#jobs.set(key, job);
      this.starts.push(project);
      this.running.set(project, (this.running.get(project) ?? 0) + 1);
      this.peak.set(project, Math.max(this.peak.get(project) ?? 0, this.running.get(project) ?? 0));
      const total = [...this.running.values()].reduce((a, b) => a + b, 0);
      this.peakTotal = Math.max(this.peakTotal, total);
      if (Number.isFinite(this.durationMs)) setTimeout(() => this.finish(key), this.durationMs);
    }
    if (!job.done) return Promise.resolve({ phase: "running" });
    return Promise.resolve({ phase: "success", outputs: literalMap({ o0: literals.integer(1) }) });
  }

  /** Ends the attempt named `generatedName` (all running ones when omitted). */
  finish(key?: string): void {
    for (const [k, job] of this.#jobs) {
      if ((key === undefined || k === key) && !job.done) {
        job.done = true;
        this.#stop(job.project);
        job.wake();
      }
    }
  }

  /** The attempts' keys (generated names) in the order they started. */
  keys(): string[] {
    return [...this.#jobs.keys()];
  }

  /** Ends the attempt that started first of those still running; false when none runs. */
  finishOldest(): boolean {
    for (const [k, job] of this.#jobs) {
      if (!job.done) {
        this.finish(k);
        return true;
      }
    }
    return false;
  }

  abort(ctx: TaskExecutionContext): Promise<void> {
    const job = this.#jobs.get(ctx.generatedName);
    if (job && !job.done) {
      job.done = true;
      this.#stop(job.project);
    }
    return Promise.resolve();
  }

  finalize(): Promise<void> {
    return Promise.resolve();
  }

  #stop(project: string): void {
    this.running.set(project, (this.running.get(project) ?? 1) - 1);
    this.finished.set(project, (this.finished.get(project) ?? 0) + 1);
  }
}

/** A one-task workflow compiled by the SDK, its task retyped to the held plugin (optionally naming a pool). */
export async function heldWorkflow(
  name: string,
  pool?: { name: string; units?: string },
): Promise<CompiledWorkflowClosure> {
  const one = task({ name: `${name}_task`, inputs: { x: t.int }, outputs: t.int }, ({ x }) => x);
  const wf = workflow({ name, inputs: { x: t.int }, outputs: t.int }, ({ x }) => one({ x }));
  const build = await new LocalEngineRunner({ cache: false }).prepare(wf.entity);
  for (const tk of build.closure.tasks) {
    if (!tk.template) continue;
    tk.template.type = HELD_TASK_TYPE;
    if (pool) {
      tk.template.config["flyte-ts/resource-pool"] = pool.name;
      if (pool.units !== undefined) tk.template.config["flyte-ts/resource-pool-units"] = pool.units;
    }
  }
  return build.closure;
}

export interface ResourcesHarness {
  engine: Engine;
  sink: MemoryEventSink;
  plugin: HeldPlugin;
  start(project: string, name: string, closure: CompiledWorkflowClosure): Promise<ExecutionId>;
}

export function resourcesHarness(
  durationMs: number,
  resources: EngineOptions["resources"],
  store: StateStore = new MemoryStateStore(),
  blobs: MemoryStore = new MemoryStore({ root: "memory://res" }),
): ResourcesHarness {
  const sink = new MemoryEventSink();
  const plugin = new HeldPlugin(durationMs);
  const engine = new Engine({
    store,
    sink,
    blobs,
    plugins: [plugin],
    metadataPrefix: "memory://res/metadata",
    rawOutputPrefix: "memory://res/raw",
    settings: { sweepIntervalMs: 0 },
    ...(resources ? { resources } : {}),
  });
  return {
    engine,
    sink,
    plugin,
    async start(project, name, closure) {
      const id = { project, domain: "development", name };
      await engine.createExecution({ id, closure, inputs: literalMap({ x: literals.integer(1) }) });
      return id;
    },
  };
}
