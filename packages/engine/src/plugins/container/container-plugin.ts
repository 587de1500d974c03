import { mkdir, rm } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import { create } from "@bufbuild/protobuf";
import { TaskLog_MessageFormat, TaskLogSchema, type TaskLog } from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";
import { executionKey } from "../../model/ids.js";
import { nodeErrorFromThrown } from "../../model/node-error.js";
import type { PluginTransition, TaskExecutionContext, TaskPlugin } from "../task-plugin.js";
import {
  attemptDirs,
  runAttempt,
  type Attempt,
  type AttemptOutcome,
  type RunMode,
  type RunnerSettings,
} from "./attempt-runner.js";
import { ContainerErrorCode } from "./container-error-code.js";
import { detectRuntime, run, type Detection, type RuntimeCandidate } from "./container-runtime.js";
import { unsupportedOutputs } from "./output-collector.js";

export interface ContainerPluginOptions {
  /** Local directory holding one folder per attempt: inputs/, outputs/, task.log. */
  readonly workDir: string;
  /** Default `["raw-container"]` (the SDK's `containerTask`). */
  readonly taskTypes?: readonly string[];
  /** Runtimes to try, in order; the first whose `info` succeeds is used. Default podman, docker. */
  readonly runtimes?: readonly RuntimeCandidate[];
  /** With no working runtime, run the command as a local process (image ignored). Default false. */
  readonly allowLocalProcess?: boolean;
  /** podman's OCI runtime. Default `runc`. */
  readonly ociRuntime?: string;
  /** Explicit ulimits (containers may not inherit the host's). Default nofile and nproc 4096. */
  readonly ulimits?: readonly string[];
  /** e.g. `none`; default: the runtime's default network. */
  readonly network?: string;
  /** `never`: images must exist or be importable from `localImages`. Default `missing`. */
  readonly pull?: "never" | "missing";
  /** Image name → a rootfs (tarball or directory) imported with `<runtime> import` when absent. */
  readonly localImages?: Readonly<Record<string, string>>;
  /** Environment of the runtime CLI and of local processes (the caller passes what it wants to share). */
  readonly hostEnv?: Readonly<Record<string, string>>;
  /** Keep inputs/ and outputs/ after finalize (the log is always kept). Default false. */
  readonly keepDataDirs?: boolean;
}

interface Job {
  readonly attempt: Attempt;
  readonly mode: RunMode;
  outcome?: AttemptOutcome;
}

const NO_RUNTIME =
  "no container runtime (podman or docker) is available; install podman or set `container.allowLocalProcess: true` to run the command as a local process";

/**
 * Raw container tasks (`raw-container`), run like Flyte's pod plugin with copilot: inputs as files
 * in an input dir, the command with `{{.inputs.x}}` filled in, outputs read back from files in the
 * output dir. Uses podman or docker when one works here, else (only when allowed) a local process.
 */
export class ContainerPlugin implements TaskPlugin {
  readonly id = "container";
  readonly taskTypes: readonly string[];
  readonly #o: ContainerPluginOptions;
  readonly #settings: RunnerSettings;
  readonly #jobs = new Map<string, Job>();
  readonly #starting = new Map<string, Promise<PluginTransition>>();
  readonly #abortedWhileStarting = new Set<string>();
  #detection: Promise<Detection> | undefined;

  constructor(options: ContainerPluginOptions) {
    this.#o = options;
    this.taskTypes = options.taskTypes ?? ["raw-container"];
    this.#settings = {
      ociRuntime: options.ociRuntime ?? "runc",
      ulimits: options.ulimits ?? ["nofile=4096:4096", "nproc=4096:4096"],
      network: options.network,
      pull: options.pull ?? "missing",
      localImages: options.localImages ?? {},
      hostEnv: options.hostEnv ?? { PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" },
    };
  }

  /** The runtime attempts use: detected once per plugin. */
  async mode(): Promise<RunMode | undefined> {
    this.#detection ??= detectRuntime(
      this.#o.runtimes ?? [
        { kind: "podman", binary: "podman" },
        { kind: "docker", binary: "docker" },
      ],
    );
    const d = await this.#detection;
    if (d.runtime) return { kind: "container", runtime: d.runtime };
    return this.#o.allowLocalProcess ? { kind: "local" } : undefined;
  }

  async handle(ctx: TaskExecutionContext): Promise<PluginTransition> {
    const key = jobKey(ctx);
    const existing = this.#jobs.get(key);
    const logs = [logLink(ctx, this.#o.workDir)];
    if (existing) {
      if (!existing.outcome) return { phase: "running", state: "started", logs };
      return { ...existing.outcome, state: "started", logs, version: 1 };
    }
    // Concurrent calls for one attempt share one start; an abort during the start wins.
    const pending = this.#starting.get(key);
    if (pending) return pending;
    const started = this.#start(ctx, key, logs).finally(() => this.#starting.delete(key));
    this.#starting.set(key, started);
    return started;
  }

  async #start(ctx: TaskExecutionContext, key: string, logs: TaskLog[]): Promise<PluginTransition> {
    if (ctx.pluginState === "started" && (await resultExists(ctx))) return { phase: "success", state: "started", logs };
    const container = ctx.task.target.case === "container" ? ctx.task.target.value : undefined;
    if (!container) {
      return badSpec(ctx, `task ${ctx.task.id?.name ?? "?"} of type ${ctx.task.type} has no container`);
    }
    const bad = container.dataConfig?.enabled ? unsupportedOutputs(ctx.task.interface?.outputs) : [];
    if (bad.length > 0) {
      return badSpec(
        ctx,
        `container task ${ctx.task.id?.name ?? "?"}: outputs read from files must be simple types or files/directories: ${bad.join(", ")}`,
      );
    }
    const mode = await this.mode();
    if (!mode) {
      const d = await this.#detection;
      const why = d?.rejected.length ? ` (${d.rejected.join("; ")})` : "";
      return {
        phase: "permanentFailure",
        error: { kind: "SYSTEM", code: ContainerErrorCode.NoContainerRuntime, message: `${NO_RUNTIME}${why}` },
      };
    }
    const dirs = attemptDirs(this.#o.workDir, ctx.generatedName);
    await mkdir(dirs.root, { recursive: true });
    if (this.#abortedWhileStarting.has(key)) return { phase: "running", state: "started", logs };
    const job: Job = { mode, attempt: { dirs, containerName: containerName(ctx), aborted: false } };
    this.#jobs.set(key, job);
    void runAttempt(ctx, container, mode, this.#settings, job.attempt)
      .catch((e: unknown): AttemptOutcome => ({
        phase: "retryableFailure",
        error: nodeErrorFromThrown(e, ContainerErrorCode.RuntimeFailure),
      }))
      .then((outcome) => {
        job.outcome = outcome;
        ctx.wake();
      });
    return { phase: "running", state: "started", logs };
  }

  async abort(ctx: TaskExecutionContext, _reason?: string): Promise<void> {
    const key = jobKey(ctx);
    if (this.#starting.has(key)) this.#abortedWhileStarting.add(key);
    await this.#starting.get(key)?.catch(() => undefined);
    const job = this.#jobs.get(key);
    if (!job) return;
    job.attempt.aborted = true;
    if (job.mode.kind === "container") await run(job.mode.runtime.binary, ["kill", job.attempt.containerName]);
    job.attempt.process?.kill();
  }

  async finalize(ctx: TaskExecutionContext): Promise<void> {
    const key = jobKey(ctx);
    const job = this.#jobs.get(key);
    const dirs = attemptDirs(this.#o.workDir, ctx.generatedName);
    if (job?.mode.kind === "container") await run(job.mode.runtime.binary, ["rm", "-f", job.attempt.containerName]);
    if (job && !job.outcome) {
      job.attempt.aborted = true;
      job.attempt.process?.kill();
    }
    if (!this.#o.keepDataDirs) {
      await rm(dirs.inputs, { recursive: true, force: true });
      await rm(dirs.outputs, { recursive: true, force: true });
    }
    this.#jobs.delete(key);
    this.#abortedWhileStarting.delete(key);
  }
}

function badSpec(ctx: TaskExecutionContext, message: string): PluginTransition {
  return { phase: "permanentFailure", error: { kind: "USER", code: ContainerErrorCode.BadTaskSpec, message } };
}

function jobKey(ctx: TaskExecutionContext): string {
  return `${executionKey(ctx.execution)}#${ctx.nodeUniqueId}#${ctx.attempt}`;
}

/** A container name unique per attempt: `flyte-<generated name>`, lower-case, `[a-z0-9_.-]`. */
function containerName(ctx: TaskExecutionContext): string {
  return `flyte-${ctx.generatedName.toLowerCase().replace(/[^a-z0-9_.-]/g, "-")}`;
}

function logLink(ctx: TaskExecutionContext, workDir: string): TaskLog {
  return create(TaskLogSchema, {
    name: "container logs (stdout + stderr)",
    uri: pathToFileURL(attemptDirs(workDir, ctx.generatedName).log).href,
    messageFormat: TaskLog_MessageFormat.UNKNOWN,
  });
}

async function resultExists(ctx: TaskExecutionContext): Promise<boolean> {
  const found = await Promise.all([ctx.paths.outputs, ctx.paths.error].map((u) => ctx.blobs.head(u)));
  return found.some((f) => f !== undefined);
}
