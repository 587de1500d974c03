import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import {
  DataLoadingConfig_LiteralMapFormat,
  TaskTemplateSchema,
  type Container,
} from "@flyte-ts/idl/gen/flyteidl/core/tasks_pb";
import { taskTemplatePath, writeProto } from "@flyte-ts/storage";
import type { NodeError } from "../../model/node-error.js";
import type { TaskExecutionContext } from "../task-plugin.js";
import { renderCommand, TemplateError } from "./command-template.js";
import { ContainerErrorCode } from "./container-error-code.js";
import { ensureImage, run, runArgs, type ContainerRuntime } from "./container-runtime.js";
import { materializeInputs, type DataFormat } from "./input-materializer.js";
import { collectOutputs } from "./output-collector.js";
import { ProcessJob, type ProcessExit } from "./process-job.js";

/** How attempts run: in a container runtime, or as a plain local process. */
export type RunMode = { readonly kind: "container"; readonly runtime: ContainerRuntime } | { readonly kind: "local" };

export interface RunnerSettings {
  readonly ociRuntime: string | undefined;
  readonly ulimits: readonly string[];
  readonly network: string | undefined;
  readonly pull: "never" | "missing";
  readonly localImages: Readonly<Record<string, string>>;
  readonly hostEnv: Readonly<Record<string, string>>;
}

/** The local files of one attempt. */
export interface AttemptDirs {
  readonly root: string;
  readonly inputs: string;
  readonly outputs: string;
  readonly log: string;
}

/** One running attempt, as the plugin tracks it. */
export interface Attempt {
  readonly dirs: AttemptDirs;
  readonly containerName: string;
  aborted: boolean;
  process?: ProcessJob;
}

/** How an attempt ended: success (the engine reads outputs.pb / error.pb) or a failure. */
export type AttemptOutcome =
  | { readonly phase: "success" }
  | { readonly phase: "retryableFailure" | "permanentFailure"; readonly error: NodeError };

const DEFAULT_INPUT_PATH = "/var/flyte/inputs";
const DEFAULT_OUTPUT_PATH = "/var/flyte/outputs";

export function attemptDirs(workDir: string, generatedName: string): AttemptDirs {
  const root = join(workDir, generatedName.replace(/[^A-Za-z0-9._-]/g, "_"));
  return { root, inputs: join(root, "inputs"), outputs: join(root, "outputs"), log: join(root, "task.log") };
}

/** Prepares inputs, runs the command to its end, and collects outputs like copilot. */
export async function runAttempt(
  ctx: TaskExecutionContext,
  container: Container,
  mode: RunMode,
  settings: RunnerSettings,
  attempt: Attempt,
): Promise<AttemptOutcome> {
  const { dirs } = attempt;
  const dc = container.dataConfig?.enabled ? container.dataConfig : undefined;
  const inputPath = dc?.inputPath || DEFAULT_INPUT_PATH;
  const outputPath = dc?.outputPath || DEFAULT_OUTPUT_PATH;
  await rm(dirs.inputs, { recursive: true, force: true });
  await rm(dirs.outputs, { recursive: true, force: true });
  await mkdir(dirs.outputs, { recursive: true });
  await mkdir(dirs.inputs, { recursive: true });
  const inputs = await ctx.inputs();
  if (dc) {
    const visibleDir = mode.kind === "local" ? dirs.inputs : inputPath;
    await materializeInputs({ blobs: ctx.blobs, inputs, dir: dirs.inputs, format: formatOf(dc.format), visibleDir });
  }
  let parts: string[];
  try {
    parts = await renderCommand([...container.command, ...container.args], {
      inputUri: ctx.paths.inputs,
      inputPrefix: ctx.paths.dataDir,
      outputPrefix: ctx.paths.outputDir,
      rawOutputDataPrefix: ctx.rawOutputSandbox,
      checkpointOutputPrefix: ctx.checkpointPrefix,
      prevCheckpointPrefix: ctx.previousCheckpointPrefix,
      generatedName: ctx.generatedName,
      namespace: `${ctx.execution.project}-${ctx.execution.domain}`,
      inputs,
      taskTemplatePath: async () => {
        const uri = taskTemplatePath(ctx.paths.dataDir);
        await writeProto(ctx.blobs, uri, TaskTemplateSchema, ctx.task);
        return uri;
      },
    });
  } catch (e) {
    if (e instanceof TemplateError)
      return failure(
        "permanentFailure",
        "USER",
        ContainerErrorCode.TemplateError,
        `task ${taskName(ctx)}: ${e.message}`,
      );
    throw e;
  }
  const env = { ...flyteEnv(ctx), ...Object.fromEntries(container.env.map((kv) => [kv.key, kv.value])) };
  if (attempt.aborted) return { phase: "success" };

  let exit: ProcessExit;
  if (mode.kind === "local") {
    const rewrite = (s: string) =>
      rewritePaths(s, [
        [inputPath, dirs.inputs],
        [outputPath, dirs.outputs],
      ]);
    const [binary, ...args] = parts.map(rewrite);
    if (binary === undefined)
      return failure(
        "permanentFailure",
        "USER",
        ContainerErrorCode.BadTaskSpec,
        `task ${taskName(ctx)} has an empty command`,
      );
    const localEnv = {
      ...settings.hostEnv,
      ...Object.fromEntries(Object.entries(env).map(([k, v]) => [k, rewrite(v)])),
    };
    attempt.process = new ProcessJob({ binary, args, env: localEnv, cwd: dirs.root, logPath: dirs.log });
    exit = await attempt.process.exited;
  } else {
    const rt = mode.runtime;
    const image = await ensureImage(rt, container.image, settings.localImages[container.image]);
    if (!image.ok && settings.pull === "never") {
      return failure(
        "permanentFailure",
        "USER",
        ContainerErrorCode.ImageNotFound,
        `task ${taskName(ctx)}: ${image.reason}`,
      );
    }
    await run(rt.binary, ["rm", "-f", attempt.containerName]);
    const args = runArgs(rt.kind, {
      name: attempt.containerName,
      image: container.image,
      command: container.command.length > 0 ? parts.slice(0, container.command.length) : [],
      args: parts.slice(container.command.length),
      env,
      mounts: [
        { host: dirs.inputs, container: inputPath, readOnly: true },
        { host: dirs.outputs, container: outputPath, readOnly: false },
      ],
      ulimits: settings.ulimits,
      ...(settings.ociRuntime === undefined ? {} : { ociRuntime: settings.ociRuntime }),
      ...(settings.network === undefined ? {} : { network: settings.network }),
      pull: settings.pull,
    });
    if (attempt.aborted) return { phase: "success" };
    attempt.process = new ProcessJob({
      binary: rt.binary,
      args,
      env: settings.hostEnv,
      cwd: dirs.root,
      logPath: dirs.log,
    });
    exit = await attempt.process.exited;
    if (exit.code === 137 && (await oomKilled(rt, attempt.containerName))) {
      return failure(
        "retryableFailure",
        "USER",
        ContainerErrorCode.OOMKilled,
        `task ${taskName(ctx)}: the container ran out of memory (OOMKilled)`,
      );
    }
    if (exit.code === 125) {
      return failure(
        "retryableFailure",
        "SYSTEM",
        ContainerErrorCode.RuntimeFailure,
        `${rt.kind} could not run task ${taskName(ctx)}: ${exit.stderrTail.trim()}`,
      );
    }
  }
  if (attempt.aborted) return { phase: "success" };
  if (exit.spawnError !== undefined) {
    return failure(
      "permanentFailure",
      "USER",
      ContainerErrorCode.ContainerFailed,
      `task ${taskName(ctx)} could not start: ${exit.spawnError}`,
    );
  }
  if (exit.code !== 0) {
    const how =
      exit.code === undefined ? `was killed by ${exit.signal ?? "a signal"}` : `exited with code ${exit.code}`;
    const tail = exit.stderrTail.trim();
    return failure(
      "retryableFailure",
      "USER",
      ContainerErrorCode.ContainerFailed,
      `task ${taskName(ctx)} ${how}${tail ? `; end of stderr:\n${tail}` : ""}`,
    );
  }
  if (dc) {
    await collectOutputs({
      blobs: ctx.blobs,
      outputs: ctx.task.interface?.outputs,
      dir: dirs.outputs,
      paths: ctx.paths,
      rawOutputPrefix: ctx.rawOutputSandbox,
      worker: ctx.generatedName,
    });
  }
  return { phase: "success" };
}

function failure(
  phase: "retryableFailure" | "permanentFailure",
  kind: NodeError["kind"],
  code: string,
  message: string,
): AttemptOutcome {
  return { phase, error: { kind, code, message } };
}

function taskName(ctx: TaskExecutionContext): string {
  return ctx.task.id?.name ?? ctx.nodeUniqueId;
}

function formatOf(f: DataLoadingConfig_LiteralMapFormat): DataFormat {
  switch (f) {
    case DataLoadingConfig_LiteralMapFormat.JSON:
      return "json";
    case DataLoadingConfig_LiteralMapFormat.YAML:
      return "yaml";
    case DataLoadingConfig_LiteralMapFormat.PROTO:
      return "proto";
    default:
      return "json";
  }
}

/** The Flyte environment of a task (brief §5.2). */
export function flyteEnv(ctx: TaskExecutionContext): Record<string, string> {
  const id = ctx.task.id;
  const env: Record<string, string> = {
    FLYTE_INTERNAL_EXECUTION_ID: ctx.execution.name,
    FLYTE_INTERNAL_EXECUTION_PROJECT: ctx.execution.project,
    FLYTE_INTERNAL_EXECUTION_DOMAIN: ctx.execution.domain,
    FLYTE_ATTEMPT_NUMBER: String(ctx.attempt),
    FLYTE_INTERNAL_TASK_PROJECT: id?.project ?? "",
    FLYTE_INTERNAL_TASK_DOMAIN: id?.domain ?? "",
    FLYTE_INTERNAL_TASK_NAME: id?.name ?? "",
    FLYTE_INTERNAL_TASK_VERSION: id?.version ?? "",
    FLYTE_INTERNAL_PROJECT: id?.project ?? "",
    FLYTE_INTERNAL_DOMAIN: id?.domain ?? "",
    FLYTE_INTERNAL_NAME: id?.name ?? "",
    FLYTE_INTERNAL_VERSION: id?.version ?? "",
  };
  if (ctx.arrayIndex !== undefined) {
    env.FLYTE_K8S_ARRAY_INDEX = String(ctx.arrayIndex);
    env.BATCH_JOB_ARRAY_INDEX_VAR_NAME = "FLYTE_K8S_ARRAY_INDEX";
  }
  return env;
}

/** Replaces each container path (as a whole path prefix) with its local directory. */
export function rewritePaths(s: string, pairs: readonly (readonly [string, string])[]): string {
  let out = s;
  for (const [from, to] of pairs) {
    const base = from.replace(/\/+$/, "");
    if (base === "") continue;
    const re = new RegExp(`${base.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?=$|[/\\s'"\`;:,)|&<>])`, "g");
    out = out.replace(re, () => to);
  }
  return out;
}

async function oomKilled(rt: ContainerRuntime, name: string): Promise<boolean> {
  const r = await run(rt.binary, ["inspect", "--format", "{{.State.OOMKilled}}", name]);
  return r.code === 0 && r.stdout.trim() === "true";
}
