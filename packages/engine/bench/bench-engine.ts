/**
 * Builds the engine a benchmark case runs on: a durable `SqliteStateStore` in a temp dir and
 * `file://` blobs, with either literal-level no-op in-process tasks (`sqlite`) or the real ts-task
 * plugin over a warm `WorkerPool` (`ts-task`).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { literalMap, literals } from "@flyte-ts/idl";
import type { Literal, LiteralMap } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { FileStore, MemoryStore } from "@flyte-ts/storage";
import { defaultWorkerEntry, WorkerPool, type WorkerEntry } from "@flyte-ts/task-runtime";
import {
  Engine,
  InProcessPlugin,
  MemoryStateStore,
  NullEventSink,
  type Clock,
  type StateStore,
  type TaskFunction,
  type TaskPlugin,
} from "../src/index.js";
import { SqliteStateStore } from "../src/state/sqlite-store.js";
import { OpCounter } from "./op-counter.js";
import { TsTaskPlugin } from "../src/plugins/ts-task/ts-task-plugin.js";

/**
 * `sqlite` and `ts-task` are the benchmark's modes; the others are diagnostics that split the
 * cost between the state store, the blob store and the engine itself: `sqlite-group` (the store's
 * `groupCommit` option), `sqlite-memblobs` (SQLite state, in-memory blobs) and `memory`
 * (MemoryStateStore + in-memory blobs).
 */
export const MODES = ["sqlite", "ts-task", "sqlite-group", "sqlite-memblobs", "memory"] as const;
export type Mode = (typeof MODES)[number];

export interface BenchEngine {
  readonly engine: Engine;
  readonly store: StateStore;
  readonly dir: string;
  /** Calls on the state store and the blob store. */
  readonly ops: OpCounter;
  close(): Promise<void>;
}

/** The engine package root: the worker pool resolves `bench/bench-workflows.ts` against it. */
export const ENGINE_ROOT = fileURLToPath(new URL("..", import.meta.url));

export function intOf(l: Literal | undefined): number {
  const v = l?.value.case === "scalar" ? l.value.value.value : undefined;
  const p = v?.case === "primitive" ? v.value.value : undefined;
  if (p?.case !== "integer") throw new Error("expected an integer literal");
  return Number(p.value);
}

function listOf(l: Literal | undefined): Literal[] {
  if (l?.value.case !== "collection") throw new Error("expected a collection literal");
  return l.value.value.literals;
}

/** No-op task bodies at the literal level (no SDK type engine): inc = x + 1, total = sum. */
function noopTasks(): Record<string, TaskFunction> {
  const inc: TaskFunction = (i: LiteralMap) => literalMap({ o0: literals.integer(intOf(i.literals.x) + 1) });
  const total: TaskFunction = (i: LiteralMap) =>
    literalMap({ o0: literals.integer(listOf(i.literals.xs).reduce((a, l) => a + intOf(l), 0)) });
  return {
    "bench.bench-workflows.inc": inc,
    "bench.bench-workflows.map_inc": inc,
    "bench.bench-workflows.total": total,
  };
}

function profiledWorker(dir: string): WorkerEntry {
  const entry = defaultWorkerEntry();
  return { path: entry.path, execArgv: [...entry.execArgv, "--cpu-prof", `--cpu-prof-dir=${dir}`] };
}

export async function benchEngine(o: {
  mode: Mode;
  clock?: Clock;
  poolSize?: number;
  /** ts-task: run the workers with `--cpu-prof` into this dir (written when the pool closes them). */
  workerProfileDir?: string;
}): Promise<BenchEngine> {
  const dir = mkdtempSync(join(tmpdir(), "engine-bench-"));
  const memBlobs = o.mode === "sqlite-memblobs" || o.mode === "memory";
  const root = memBlobs ? "memory://bench" : pathToFileURL(join(dir, "blobs")).href;
  const store =
    o.mode === "memory"
      ? new MemoryStateStore()
      : new SqliteStateStore({ path: join(dir, "state.db"), groupCommit: o.mode === "sqlite-group" });
  let pool: WorkerPool | undefined;
  let plugin: TaskPlugin;
  switch (o.mode) {
    case "sqlite":
    case "sqlite-group":
    case "sqlite-memblobs":
    case "memory":
      plugin = new InProcessPlugin({ taskTypes: ["ts-task"], tasks: noopTasks() });
      break;
    case "ts-task":
      pool = new WorkerPool({
        size: o.poolSize ?? 2,
        root: ENGINE_ROOT,
        env: { PATH: process.env.PATH ?? "" },
        ...(o.workerProfileDir === undefined ? {} : { workerEntry: profiledWorker(o.workerProfileDir) }),
      });
      await pool.start();
      plugin = new TsTaskPlugin({ pool, logDir: join(dir, "logs") });
      break;
    default: {
      const never: never = o.mode;
      throw new Error(`unknown mode ${String(never)}`);
    }
  }
  const ops = new OpCounter();
  const engine = new Engine({
    store: ops.wrap("store", store),
    sink: new NullEventSink(),
    blobs: ops.wrap("blobs", memBlobs ? new MemoryStore({ root }) : new FileStore({ root })),
    plugins: [plugin],
    metadataPrefix: `${root}/metadata`,
    rawOutputPrefix: `${root}/raw`,
    ...(o.clock ? { clock: o.clock } : {}),
  });
  return {
    engine,
    store,
    dir,
    ops,
    async close() {
      await engine.close();
      await pool?.close();
      if (store instanceof SqliteStateStore) await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
