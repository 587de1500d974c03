import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { create } from "@bufbuild/protobuf";
import { ErrorDocumentSchema } from "@flyte-ts/idl/gen/flyteidl/core/errors_pb";
import { TaskLog_MessageFormat, TaskLogSchema, type TaskLog } from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";
import { TaskTemplateSchema } from "@flyte-ts/idl/gen/flyteidl/core/tasks_pb";
import { LiteralMapSchema } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { readProtoIfExists, taskTemplatePath, writeProto } from "@flyte-ts/storage";
import { TS_TASK_TYPE } from "@flyte-ts/sdk";
import {
  errorInfoOf,
  parseExecuteArgs,
  type AttemptHandle,
  type ExecuteArgs,
  type ExecuteResult,
  type WorkerPool,
} from "@flyte-ts/task-runtime";
import { executionKey } from "../../model/ids.js";
import type { NodeError } from "../../model/node-error.js";
import type { PluginTransition, TaskExecutionContext, TaskPlugin } from "../task-plugin.js";
import { attemptEnv, memoryLimitMib } from "./attempt-settings.js";
import { renderTemplate, usesTaskTemplatePath, type TemplateVars } from "./template-renderer.js";

export interface TsTaskPluginOptions {
  /** Runs the attempts. The caller owns it (and closes it). */
  readonly pool: WorkerPool;
  /** Where attempt logs go when the attempt dir is not a local `file://` dir. */
  readonly logDir: string;
  /** Task types served; default the SDK's `ts-task`. */
  readonly taskTypes?: readonly string[];
  /**
   * How workers reach blobs: `"bridge"` (default) serves their blob calls from the attempt's
   * `ctx.blobs` over IPC, so any store works (memory:// too) and credentials stay here;
   * `"direct"` lets workers open stores themselves (the pool's `storage`, else derived from the
   * attempt's URIs), which moves large blobs without passing through the engine.
   */
  readonly storage?: "bridge" | "direct";
  /** `{{.namespace}}`; default `<project>-<domain>`. */
  readonly namespace?: (ctx: TaskExecutionContext) => string;
}

/** Name of the attempt's stdout/stderr file in its output dir. */
export const ATTEMPT_LOG_FILE = "task.log";
const STARTED = "started";

interface Job {
  readonly handle: AttemptHandle;
  readonly logs: readonly TaskLog[];
  started: boolean;
  result?: ExecuteResult;
}

/**
 * Runs TypeScript tasks (task type `ts-task`) in the task runtime's warm worker pool: renders the
 * container's command line (Flyte's placeholders), submits the attempt, reports `queued` until a
 * worker takes it and `running` while it runs, then `success` (outputs.pb / futures.pb written) or a failure from the error document.
 * After an engine restart an attempt whose result files exist is reported from them; one
 * without results runs again.
 */
export class TsTaskPlugin implements TaskPlugin {
  readonly id = "ts-task";
  readonly taskTypes: readonly string[];
  readonly #o: TsTaskPluginOptions;
  readonly #jobs = new Map<string, Job>();

  constructor(options: TsTaskPluginOptions) {
    this.#o = options;
    this.taskTypes = options.taskTypes ?? [TS_TASK_TYPE];
  }

  async handle(ctx: TaskExecutionContext): Promise<PluginTransition> {
    const key = jobKey(ctx);
    const job = this.#jobs.get(key);
    if (job) return job.result ? resultTransition(job.result, job.logs) : progress(job);
    if (ctx.pluginState === STARTED) {
      const found = await existingResult(ctx);
      if (found) return resultTransition(found, []);
    }
    const container = ctx.task.target.case === "container" ? ctx.task.target.value : undefined;
    if (!container) return badSpec(`task ${ctx.task.id?.name ?? "?"} of type ${ctx.task.type} has no container`);
    let args: ExecuteArgs;
    try {
      args = parseExecuteArgs(await this.#render(ctx, [...container.command, ...container.args]));
    } catch (e) {
      return badSpec(`cannot run task ${ctx.task.id?.name ?? "?"}: ${e instanceof Error ? e.message : String(e)}`);
    }
    const logPath = this.#logPath(ctx);
    const memoryLimitMb = memoryLimitMib(container);
    const handle = this.#o.pool.run({
      args,
      env: attemptEnv(ctx, container),
      logPath,
      ...(container.image ? { image: container.image } : {}),
      ...(memoryLimitMb === undefined ? {} : { memoryLimitMb }),
      ...((this.#o.storage ?? "bridge") === "bridge" ? { store: ctx.blobs } : {}),
    });
    const logs = [
      create(TaskLogSchema, {
        name: "stdout/stderr",
        uri: pathToFileURL(logPath).href,
        messageFormat: TaskLog_MessageFormat.UNKNOWN,
      }),
    ];
    const started: Job = { handle, logs, started: false };
    this.#jobs.set(key, started);
    void handle.started.then(() => {
      started.started = true;
      ctx.wake();
    });
    void handle.result.then((r) => {
      started.result = r;
      ctx.wake();
    });
    return progress(started);
  }

  abort(ctx: TaskExecutionContext, reason: string): Promise<void> {
    this.#jobs.get(jobKey(ctx))?.handle.abort(reason);
    return Promise.resolve();
  }

  finalize(ctx: TaskExecutionContext): Promise<void> {
    this.#jobs.delete(jobKey(ctx));
    return Promise.resolve();
  }

  async #render(ctx: TaskExecutionContext, parts: readonly string[]): Promise<string[]> {
    const vars: TemplateVars = {
      input: ctx.paths.inputs,
      inputPrefix: ctx.paths.dataDir,
      outputPrefix: ctx.paths.outputDir,
      rawOutputDataPrefix: ctx.rawOutputSandbox,
      checkpointOutputPrefix: ctx.checkpointPrefix,
      prevCheckpointPrefix: ctx.previousCheckpointPrefix,
      generatedName: ctx.generatedName,
      namespace: this.#o.namespace?.(ctx) ?? `${ctx.execution.project}-${ctx.execution.domain}`,
      inputs: parts.some((p) => /\{\{\s*[.$]inputs\./i.test(p)) ? await ctx.inputs() : create(LiteralMapSchema, {}),
    };
    if (!usesTaskTemplatePath(parts)) return renderTemplate(parts, vars);
    const uri = taskTemplatePath(ctx.paths.dataDir);
    await writeProto(ctx.blobs, uri, TaskTemplateSchema, ctx.task);
    return renderTemplate(parts, { ...vars, taskTemplatePath: uri });
  }

  /** `<attempt dir>/task.log` for a local attempt dir, else `<logDir>/<generated name>.log`. */
  #logPath(ctx: TaskExecutionContext): string {
    const dir = ctx.paths.outputDir.startsWith("file://") ? fileURLToPath(ctx.paths.outputDir) : this.#o.logDir;
    mkdirSync(dir, { recursive: true });
    return dir === this.#o.logDir ? join(dir, `${ctx.generatedName}.log`) : join(dir, ATTEMPT_LOG_FILE);
  }
}

function jobKey(ctx: TaskExecutionContext): string {
  return `${executionKey(ctx.execution)}#${ctx.nodeUniqueId}#${ctx.attempt}`;
}

/** Queued until a worker takes the attempt, then running. */
function progress(job: Job): PluginTransition {
  return job.started
    ? { phase: "running", state: STARTED, logs: job.logs }
    : { phase: "queued", reason: "waiting for a free TypeScript task worker", state: STARTED, logs: job.logs };
}

function badSpec(message: string): PluginTransition {
  return { phase: "permanentFailure", error: { kind: "USER", code: "BadTaskSpecification", message } };
}

function resultTransition(r: ExecuteResult, logs: readonly TaskLog[]): PluginTransition {
  switch (r.outcome) {
    case "outputs":
    case "futures":
      return { phase: "success", state: STARTED, logs };
    case "error": {
      const error: NodeError = { kind: r.error.origin, code: r.error.code, message: r.error.message, errorUri: r.uri };
      return r.error.recoverable
        ? { phase: "retryableFailure", error, state: STARTED, logs }
        : { phase: "permanentFailure", error, state: STARTED, logs };
    }
    default: {
      const never: never = r;
      throw new Error(`unknown result ${JSON.stringify(never)}`);
    }
  }
}

/** What an attempt started before a restart left behind (error.pb wins, as in Flyte). */
async function existingResult(ctx: TaskExecutionContext): Promise<ExecuteResult | undefined> {
  const doc = await readProtoIfExists(ctx.blobs, ctx.paths.error, ErrorDocumentSchema);
  if (doc) return { outcome: "error", uri: ctx.paths.error, error: errorInfoOf(doc) };
  if (await ctx.blobs.head(ctx.paths.futures)) return { outcome: "futures", uri: ctx.paths.futures };
  if (await ctx.blobs.head(ctx.paths.outputs)) return { outcome: "outputs", uri: ctx.paths.outputs };
  return undefined;
}
