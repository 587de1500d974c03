import { LocalEngineRunner, type ExecutionId, type NodeError } from "@flyte-ts/engine";
import type { Entity } from "@flyte-ts/sdk";
import type { ProgressRenderer } from "../../progress/progress-renderer.js";
import type { NodeFailure } from "../../progress/node-states.js";
import type { LocalDataAccess } from "./local-data.js";
import { plainValue } from "./output-values.js";
import { feedSignals } from "./signals.js";

/** What a local run ended with: printed as a table, JSON or YAML. */
export interface LocalRunReport {
  readonly execution: string;
  readonly entity: string;
  readonly kind: Entity["kind"];
  readonly phase: "SUCCEEDED" | "FAILED" | "ABORTED";
  readonly durationMs: number;
  /** Output values by name (plain JSON data), when it succeeded. */
  readonly outputs?: Record<string, unknown>;
  /** Why it failed: the first node that failed, and the error. */
  readonly error?: { readonly node?: string; readonly nodeName?: string } & NodeFailure;
  readonly nodes: readonly {
    readonly id: string;
    readonly name: string;
    readonly phase: string;
    readonly durationMs?: number;
    readonly error?: NodeFailure;
    /** Task attempts made (more than 1 when retried). */
    readonly attempts: number;
  }[];
}

export interface RunLocallyOptions {
  readonly data: LocalDataAccess;
  readonly progress: ProgressRenderer;
  /** Aborts the run (e.g. on Ctrl-C); the report's phase is then ABORTED. */
  readonly signal?: AbortSignal;
  /** Gate signals given on the command line, and how to ask for the others (on a terminal). */
  readonly gates?: {
    readonly given: ReadonlyMap<string, string>;
    readonly prompt?: (question: string) => Promise<string>;
  };
}

const kindOf = (e: NodeError | undefined): NodeFailure["kind"] =>
  e?.kind === "USER" ? "user" : e?.kind === "SYSTEM" ? "system" : "unknown";

/**
 * Runs `entity` through the real engine in this process (memory state and metadata, in-process
 * task plugin, raw data on the local disk), showing node progress as events arrive.
 */
export async function runLocally(
  entity: Entity,
  inputs: Readonly<Record<string, unknown>>,
  options: RunLocallyOptions,
): Promise<LocalRunReport> {
  const { data, progress } = options;
  const runner = new LocalEngineRunner({ data });
  const unsubscribe = runner.sink.subscribe(progress.onEvent);
  const started = Date.now();
  try {
    const { id, done } = await runner.start(entity, inputs);
    progress.states.setRoot(id.name);
    const abort = (reason: string) => void runner.engine.abort(id, reason).catch(() => undefined);
    const onAbort = () => abort("aborted by the user (interrupt)");
    options.signal?.addEventListener("abort", onAbort, { once: true });
    const feeder = feedSignals({
      signals: runner.signals,
      given: options.gates?.given ?? new Map(),
      ...(options.gates?.prompt ? { prompt: options.gates.prompt } : {}),
      fail: abort,
    });
    const result = await done.finally(() => {
      feeder.stop();
      options.signal?.removeEventListener("abort", onAbort);
    });
    progress.finish();
    const record = result.record;
    const base = {
      execution: formatId(id),
      entity: entity.name ?? entity.label,
      kind: entity.kind,
      durationMs: Date.now() - started,
      nodes: progress.states.all.map((n) => ({
        id: n.execution ? `${n.execution}/${n.id}` : n.id,
        name: n.name,
        phase: n.phase,
        ...(n.error ? { error: n.error } : {}),
        attempts: n.attempt,
        ...(n.startedAtMs !== undefined && n.endedAtMs !== undefined
          ? { durationMs: n.endedAtMs - n.startedAtMs }
          : {}),
      })),
    };
    if (record.phase === "Succeeded") {
      const outputs: Record<string, unknown> = {};
      for (const [name, type] of Object.entries(entity.iface.outputs)) {
        const lit = result.outputs?.literals[name];
        if (lit === undefined) continue;
        const value = await type.fromLiteral(lit, { what: `output '${name}' of ${entity.label}`, data });
        outputs[name] = plainValue(value);
      }
      return { ...base, phase: "SUCCEEDED", outputs };
    }
    const failed = progress.states.firstFailure;
    const error = {
      kind: failed?.error?.kind ?? kindOf(record.error),
      code: failed?.error?.code ?? record.error?.code ?? (record.phase === "Aborted" ? "Aborted" : "Unknown"),
      message:
        failed?.error?.message ??
        record.error?.message ??
        (record.phase === "Aborted" ? (record.abortReason ?? "aborted") : "the execution failed"),
      ...(failed
        ? { node: failed.execution ? `${failed.execution}/${failed.id}` : failed.id, nodeName: failed.name }
        : {}),
    };
    return { ...base, phase: record.phase === "Aborted" ? "ABORTED" : "FAILED", error };
  } finally {
    progress.finish();
    unsubscribe();
    await runner.close();
  }
}

function formatId(id: ExecutionId): string {
  return `${id.project}/${id.domain}/${id.name}`;
}
