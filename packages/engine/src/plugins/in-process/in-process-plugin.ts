import { create } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { DynamicJobSpecSchema, type DynamicJobSpec } from "@flyte-ts/idl/gen/flyteidl/core/dynamic_job_pb";
import {
  ContainerError_Kind,
  ContainerErrorSchema,
  ErrorDocumentSchema,
} from "@flyte-ts/idl/gen/flyteidl/core/errors_pb";
import { ExecutionError_ErrorKind } from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";
import { LiteralMapSchema, type LiteralMap } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { FlyteError, UserError } from "@flyte-ts/core";
import { writeProto } from "@flyte-ts/storage";
import { executionKey, type ExecutionId } from "../../model/ids.js";
import type { PluginTransition, TaskExecutionContext, TaskPlugin } from "../task-plugin.js";

/** What a task body sees besides its inputs. */
export interface TaskFunctionContext {
  readonly execution: ExecutionId;
  readonly nodeUniqueId: string;
  readonly attempt: number;
  readonly taskName: string;
  readonly arrayIndex?: number;
  readonly interruptible: boolean;
  readonly checkpointPrefix: string;
  readonly previousCheckpointPrefix: string | undefined;
  readonly rawOutputSandbox: string;
  /** Aborted when the engine aborts the attempt. */
  readonly signal: AbortSignal;
}

/** A task body: outputs, or a `DynamicJobSpec` for a dynamic task (written to `futures.pb`). */
export type TaskFunction = (
  inputs: LiteralMap,
  ctx: TaskFunctionContext,
) => Promise<LiteralMap | DynamicJobSpec> | LiteralMap | DynamicJobSpec;

/** Thrown by a task body to ask for a retry (flytekit's `FlyteRecoverableException`). */
export class RecoverableError extends FlyteError {
  constructor(message: string, code = "USER:Recoverable") {
    super(code, message, { kind: "user", retryable: true });
    this.name = "RecoverableError";
  }
}

export interface InProcessPluginOptions {
  /** Task types this plugin runs; default `["in-process"]`. */
  readonly taskTypes?: readonly string[];
  /** Task bodies by task name (`TaskTemplate.id.name`). */
  readonly tasks?: ReadonlyMap<string, TaskFunction> | Readonly<Record<string, TaskFunction>>;
}

interface Job {
  done: boolean;
  /** What the body returned and `outputs.pb` now holds (handed to the engine so it need not read the file). */
  outputs?: LiteralMap;
  readonly controller: AbortController;
}

/**
 * Runs a registered JS function per task name inside the engine process, writing `outputs.pb`,
 * `futures.pb` or `error.pb` like the task runtime does. An ordinary thrown error is a
 * non-recoverable USER error (flytekit semantics); `RecoverableError` and retryable
 * `FlyteError`s are recoverable; system `FlyteError`s keep their kind.
 * After a restart an attempt whose result files exist is reported done; otherwise it reruns.
 */
export class InProcessPlugin implements TaskPlugin {
  readonly id = "in-process";
  readonly taskTypes: readonly string[];
  readonly #tasks = new Map<string, TaskFunction>();
  readonly #jobs = new Map<string, Job>();

  constructor(options: InProcessPluginOptions = {}) {
    this.taskTypes = options.taskTypes ?? ["in-process"];
    const tasks = options.tasks;
    if (tasks) {
      const entries: Iterable<[string, TaskFunction]> =
        tasks instanceof Map ? tasks.entries() : Object.entries(tasks as Readonly<Record<string, TaskFunction>>);
      for (const [k, v] of entries) this.#tasks.set(k, v);
    }
  }

  register(taskName: string, fn: TaskFunction): void {
    this.#tasks.set(taskName, fn);
  }

  async handle(ctx: TaskExecutionContext): Promise<PluginTransition> {
    const key = jobKey(ctx);
    const job = this.#jobs.get(key);
    if (job) {
      if (!job.done) return { phase: "running", state: "started" };
      return job.outputs
        ? { phase: "success", state: "started", outputs: job.outputs }
        : { phase: "success", state: "started" };
    }
    if (ctx.pluginState === "started" && (await resultExists(ctx))) return { phase: "success", state: "started" };
    const fn = this.#tasks.get(ctx.task.id?.name ?? "");
    if (!fn) {
      return {
        phase: "permanentFailure",
        error: {
          kind: "USER",
          code: "TaskBodyNotFound",
          message: `no in-process function is registered for task ${ctx.task.id?.name ?? "?"}`,
        },
      };
    }
    const started: Job = { done: false, controller: new AbortController() };
    this.#jobs.set(key, started);
    void this.#run(fn, ctx, started).finally(() => {
      started.done = true;
      ctx.wake();
    });
    return { phase: "running", state: "started" };
  }

  abort(ctx: TaskExecutionContext, reason: string): Promise<void> {
    this.#jobs.get(jobKey(ctx))?.controller.abort(new UserError("Aborted", reason));
    return Promise.resolve();
  }

  finalize(ctx: TaskExecutionContext): Promise<void> {
    this.#jobs.delete(jobKey(ctx));
    return Promise.resolve();
  }

  async #run(fn: TaskFunction, ctx: TaskExecutionContext, job: Job): Promise<void> {
    try {
      const inputs = await ctx.inputs();
      const result = await fn(inputs, {
        execution: ctx.execution,
        nodeUniqueId: ctx.nodeUniqueId,
        attempt: ctx.attempt,
        taskName: ctx.task.id?.name ?? "",
        ...(ctx.arrayIndex === undefined ? {} : { arrayIndex: ctx.arrayIndex }),
        interruptible: ctx.interruptible,
        checkpointPrefix: ctx.checkpointPrefix,
        previousCheckpointPrefix: ctx.previousCheckpointPrefix,
        rawOutputSandbox: ctx.rawOutputSandbox,
        signal: job.controller.signal,
      });
      if (job.controller.signal.aborted) return;
      if (result.$typeName === DynamicJobSpecSchema.typeName) {
        await writeProto(ctx.blobs, ctx.paths.futures, DynamicJobSpecSchema, result);
      } else {
        await writeProto(ctx.blobs, ctx.paths.outputs, LiteralMapSchema, result);
        job.outputs = result;
      }
    } catch (e) {
      if (job.controller.signal.aborted) return;
      await writeProto(ctx.blobs, ctx.paths.error, ErrorDocumentSchema, errorDocument(e));
    }
  }
}

function jobKey(ctx: TaskExecutionContext): string {
  return `${executionKey(ctx.execution)}#${ctx.nodeUniqueId}#${ctx.attempt}`;
}

async function resultExists(ctx: TaskExecutionContext): Promise<boolean> {
  const found = await Promise.all(
    [ctx.paths.outputs, ctx.paths.error, ctx.paths.futures].map((u) => ctx.blobs.head(u)),
  );
  return found.some((f) => f !== undefined);
}

function errorDocument(e: unknown): ReturnType<typeof create<typeof ErrorDocumentSchema>> {
  const flyte = e instanceof FlyteError ? e : undefined;
  const name = e instanceof Error ? e.name : "Error";
  return create(ErrorDocumentSchema, {
    error: create(ContainerErrorSchema, {
      code: flyte ? flyte.code : `USER:${name}`,
      message: e instanceof Error ? e.message : String(e),
      kind: flyte?.retryable ? ContainerError_Kind.RECOVERABLE : ContainerError_Kind.NON_RECOVERABLE,
      origin: flyte?.kind === "system" ? ExecutionError_ErrorKind.SYSTEM : ExecutionError_ErrorKind.USER,
      timestamp: timestampFromMs(Date.now()),
      worker: "in-process",
    }),
  });
}
