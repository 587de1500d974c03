import { tmpdir } from "node:os";
import { join } from "node:path";
import { DynamicJobSpecSchema } from "@flyte-ts/idl/gen/flyteidl/core/dynamic_job_pb";
import { ErrorDocumentSchema } from "@flyte-ts/idl/gen/flyteidl/core/errors_pb";
import { LiteralMapSchema, type LiteralMap } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { SystemError } from "@flyte-ts/core";
import { DEFAULT_IMAGE } from "@flyte-ts/sdk";
import { LayoutFile, joinUri, readProto, writeProto, type BlobStore } from "@flyte-ts/storage";
import { blobCheckpoint, runWithTaskContext, type TaskContext } from "../context/task-context.js";
import { classifyThrown, errorDocument, RuntimeErrorCode, type TaskErrorInfo } from "../errors/task-error.js";
import { blobDataAccess } from "./blob-data-access.js";
import { ensureBundle } from "./code-bundle.js";
import { withFastExecute } from "./fast-execute-prefix.js";
import { loadTask, type LoadedTask } from "./load-task.js";

/** One task attempt, as the command line describes it (see `parseExecuteArgs`). */
export interface ExecuteTaskOptions {
  readonly store: BlobStore;
  /** URI of `inputs.pb`. */
  readonly inputs: string;
  readonly outputPrefix: string;
  readonly rawOutputDataPrefix: string;
  readonly checkpointPath?: string | undefined;
  readonly prevCheckpoint?: string | undefined;
  readonly taskModule: string;
  readonly taskName: string;
  /** The package root module paths are relative to (the image's working dir). */
  readonly root: string;
  /** Fast registration: load the module from this code bundle, extracted into `destDir`. */
  readonly bundle?: { readonly uri: string; readonly destDir: string } | undefined;
  /** Where lazily read files and directories are downloaded; default a folder in the OS temp dir. */
  readonly localDir?: string | undefined;
  /** Recorded in error documents (`ContainerError.worker`). */
  readonly worker?: string | undefined;
  /** Image of the task templates a dynamic task writes into `futures.pb`. */
  readonly image?: string | undefined;
  /** Execution facts for the task context (Flyte's FLYTE_* variables). */
  readonly env?: Readonly<Record<string, string>> | undefined;
  /** Passed to the loader: false when this process already loads `.ts` files (runs under tsx). */
  readonly registerTs?: boolean | undefined;
}

/** What one attempt wrote: exactly one of `outputs.pb`, `futures.pb`, `error.pb`. */
export type ExecuteResult =
  | { readonly outcome: "outputs"; readonly uri: string }
  | { readonly outcome: "futures"; readonly uri: string }
  | { readonly outcome: "error"; readonly uri: string; readonly error: TaskErrorInfo };

type Stage = "load" | "inputs" | "run" | "write";

/**
 * Runs one task attempt by Flyte's contract: resolve the task, read `inputs.pb`, run it, write
 * `outputs.pb` (or `futures.pb` for a dynamic task) or `error.pb`. It resolves with what it wrote;
 * it rejects only when not even `error.pb` could be written.
 */
export async function executeTask(options: ExecuteTaskOptions): Promise<ExecuteResult> {
  const at: { stage: Stage } = { stage: "load" };
  try {
    const root = options.bundle
      ? await ensureBundle(options.store, options.bundle.uri, options.bundle.destDir)
      : options.root;
    const task = await loadTask({
      root,
      taskModule: options.taskModule,
      taskName: options.taskName,
      ...(options.registerTs === undefined ? {} : { registerTs: options.registerTs }),
    });
    at.stage = "inputs";
    const inputs = await readInputs(options.store, options.inputs);
    at.stage = "run";
    return await runWithTaskContext(taskContext(options), () => run(options, task, inputs, (s) => (at.stage = s)));
  } catch (e) {
    const info =
      at.stage === "write"
        ? { code: RuntimeErrorCode.OutputsUnwritable, message: String(e), origin: "SYSTEM" as const, recoverable: true }
        : classifyThrown(e, at.stage === "run" ? "run" : "load");
    const uri = joinUri(options.outputPrefix, LayoutFile.error);
    await writeProto(options.store, uri, ErrorDocumentSchema, errorDocument(info, options.worker ?? "flyte-execute"));
    return { outcome: "error", uri, error: info };
  }
}

async function readInputs(store: BlobStore, uri: string): Promise<LiteralMap> {
  try {
    return await readProto(store, uri, LiteralMapSchema);
  } catch (e) {
    throw new SystemError(RuntimeErrorCode.InputsUnreadable, `cannot read inputs ${uri}: ${String(e)}`, { cause: e });
  }
}

async function run(
  options: ExecuteTaskOptions,
  task: LoadedTask,
  inputs: LiteralMap,
  setStage: (s: Stage) => void,
): Promise<ExecuteResult> {
  const data = blobDataAccess(
    options.store,
    options.rawOutputDataPrefix,
    options.localDir ?? join(tmpdir(), "flyte-execute", "downloads"),
  );
  switch (task.kind) {
    case "function": {
      const outputs = await task.execute(inputs, { data });
      setStage("write");
      const uri = joinUri(options.outputPrefix, LayoutFile.outputs);
      await writeProto(options.store, uri, LiteralMapSchema, outputs);
      return { outcome: "outputs", uri };
    }
    case "dynamic": {
      const expanded = await task.expand(inputs, { data, config: { image: options.image ?? DEFAULT_IMAGE } });
      const b = options.bundle;
      const spec = b ? withFastExecute(expanded, b.uri, b.destDir) : expanded;
      setStage("write");
      const uri = joinUri(options.outputPrefix, LayoutFile.futures);
      await writeProto(options.store, uri, DynamicJobSpecSchema, spec);
      return { outcome: "futures", uri };
    }
    default: {
      const never: never = task;
      throw new Error(`unknown task kind ${String(never)}`);
    }
  }
}

function taskContext(options: ExecuteTaskOptions): TaskContext {
  return {
    taskModule: options.taskModule,
    taskName: options.taskName,
    outputPrefix: options.outputPrefix,
    rawOutputDataPrefix: options.rawOutputDataPrefix,
    checkpoint: blobCheckpoint(options.store, options.checkpointPath, options.prevCheckpoint),
    env: options.env ?? {},
  };
}
