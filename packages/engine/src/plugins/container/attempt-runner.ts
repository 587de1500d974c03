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
import { resourceLimits } from "./resource-limits.js";
import { flyteEnv } from "../flyte-env.js";
import { rewritePaths } from "./task-env.js";

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
const ABORTED: AttemptOutcome = { phase: "success" };

/** Thrown inside the runner to end the attempt with an outcome. */
class AttemptFailure extends Error {
  constructor(readonly outcome: AttemptOutcome) {
    super(outcome.phase === "success" ? "success" : outcome.error.message);
  }
}

/** A prepared attempt: the rendered command line and environment, in container paths. */
interface Prepared {
  readonly parts: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly inputPath: string;
  readonly outputPath: string;
  readonly copilot: boolean;
}

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
  try {
    const prepared = await prepare(ctx, container, mode, attempt.dirs);
    if (attempt.aborted) return ABORTED;
    const exit =
      mode.kind === "local"
        ? await launchLocal(prepared, settings, attempt)
        : await launchContainer(ctx, container, prepared, mode.runtime, settings, attempt);
    if (attempt.aborted) return ABORTED;
    checkExit(ctx, exit);
    if (prepared.copilot) {
      await collectOutputs({
        blobs: ctx.blobs,
        outputs: ctx.task.interface?.outputs,
        dir: attempt.dirs.outputs,
        paths: ctx.paths,
        rawOutputPrefix: ctx.rawOutputSandbox,
        worker: ctx.generatedName,
      });
    }
    return { phase: "success" };
  } catch (e) {
    if (e instanceof AttemptFailure) return e.outcome;
    throw e;
  }
}

/** Fresh input/output dirs, inputs written like copilot's downloader, the command rendered. */
async function prepare(
  ctx: TaskExecutionContext,
  container: Container,
  mode: RunMode,
  dirs: AttemptDirs,
): Promise<Prepared> {
  const dc = container.dataConfig?.enabled ? container.dataConfig : undefined;
  const inputPath = dc?.inputPath || DEFAULT_INPUT_PATH;
  const outputPath = dc?.outputPath || DEFAULT_OUTPUT_PATH;
  for (const d of [dirs.inputs, dirs.outputs]) {
    await rm(d, { recursive: true, force: true });
    await mkdir(d, { recursive: true });
  }
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
      fail("permanentFailure", "USER", ContainerErrorCode.TemplateError, `task ${taskName(ctx)}: ${e.message}`);
    throw e;
  }
  if (parts.length === 0)
    fail("permanentFailure", "USER", ContainerErrorCode.BadTaskSpec, `task ${taskName(ctx)} has an empty command`);
  const env = { ...flyteEnv(ctx), ...Object.fromEntries(container.env.map((kv) => [kv.key, kv.value])) };
  return { parts, env, inputPath, outputPath, copilot: dc !== undefined };
}

/** The command as a local process, container paths rewritten to the attempt's dirs. */
async function launchLocal(p: Prepared, settings: RunnerSettings, attempt: Attempt): Promise<ProcessExit> {
  const { dirs } = attempt;
  const pairs = [
    [p.inputPath, dirs.inputs],
    [p.outputPath, dirs.outputs],
  ] as const;
  const rewrite = (s: string) => rewritePaths(s, pairs);
  const [binary = "", ...args] = p.parts.map(rewrite);
  const env = { ...settings.hostEnv, ...Object.fromEntries(Object.entries(p.env).map(([k, v]) => [k, rewrite(v)])) };
  attempt.process = new ProcessJob({ binary, args, env, cwd: dirs.root, logPath: dirs.log });
  return attempt.process.exited;
}

/** The command in podman or docker, with the attempt's dirs mounted at the container paths. */
async function launchContainer(
  ctx: TaskExecutionContext,
  container: Container,
  p: Prepared,
  rt: ContainerRuntime,
  settings: RunnerSettings,
  attempt: Attempt,
): Promise<ProcessExit> {
  const image = await ensureImage(rt, container.image, settings.localImages[container.image]);
  if (!image.ok && settings.pull === "never") {
    fail("permanentFailure", "USER", ContainerErrorCode.ImageNotFound, `task ${taskName(ctx)}: ${image.reason}`);
  }
  let limits;
  try {
    limits = resourceLimits(container.resources);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    fail("permanentFailure", "USER", ContainerErrorCode.BadTaskSpec, `task ${taskName(ctx)}: ${why}`);
  }
  await run(rt.binary, ["rm", "-f", attempt.containerName]);
  const args = runArgs(rt.kind, {
    name: attempt.containerName,
    image: container.image,
    command: p.parts.slice(0, container.command.length),
    args: p.parts.slice(container.command.length),
    env: p.env,
    mounts: [
      { host: attempt.dirs.inputs, container: p.inputPath, readOnly: true },
      { host: attempt.dirs.outputs, container: p.outputPath, readOnly: false },
    ],
    ulimits: settings.ulimits,
    ...(settings.ociRuntime === undefined ? {} : { ociRuntime: settings.ociRuntime }),
    ...(settings.network === undefined ? {} : { network: settings.network }),
    pull: settings.pull,
    ...limits,
  });
  if (attempt.aborted) return { code: 0, signal: undefined, stderrTail: "" };
  const { dirs } = attempt;
  attempt.process = new ProcessJob({
    binary: rt.binary,
    args,
    env: settings.hostEnv,
    cwd: dirs.root,
    logPath: dirs.log,
  });
  const exit = await attempt.process.exited;
  if (exit.code === 137 && (await oomKilled(rt, attempt.containerName))) {
    fail(
      "retryableFailure",
      "USER",
      ContainerErrorCode.OOMKilled,
      `task ${taskName(ctx)}: the container ran out of memory (OOMKilled)`,
    );
  }
  if (exit.code === 125) {
    const why = exit.stderrTail.trim();
    fail(
      "retryableFailure",
      "SYSTEM",
      ContainerErrorCode.RuntimeFailure,
      `${rt.kind} could not run task ${taskName(ctx)}: ${why}`,
    );
  }
  return exit;
}

/** A command that could not start or exited non-zero fails the attempt (a USER error, as in Flyte). */
function checkExit(ctx: TaskExecutionContext, exit: ProcessExit): void {
  if (exit.spawnError !== undefined) {
    const msg = `task ${taskName(ctx)} could not start: ${exit.spawnError}`;
    fail("permanentFailure", "USER", ContainerErrorCode.ContainerFailed, msg);
  }
  if (exit.code === 0) return;
  const killed = exit.code === 137 ? " (SIGKILL: in a container, usually its memory limit)" : "";
  const how =
    exit.code === undefined ? `was killed by ${exit.signal ?? "a signal"}` : `exited with code ${exit.code}${killed}`;
  const tail = exit.stderrTail.trim();
  const msg = `task ${taskName(ctx)} ${how}${tail ? `; end of stderr:\n${tail}` : ""}`;
  fail("retryableFailure", "USER", ContainerErrorCode.ContainerFailed, msg);
}

function fail(
  phase: "retryableFailure" | "permanentFailure",
  kind: NodeError["kind"],
  code: string,
  message: string,
): never {
  throw new AttemptFailure({ phase, error: { kind, code, message } });
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

async function oomKilled(rt: ContainerRuntime, name: string): Promise<boolean> {
  const r = await run(rt.binary, ["inspect", "--format", "{{.State.OOMKilled}}", name]);
  return r.code === 0 && r.stdout.trim() === "true";
}
