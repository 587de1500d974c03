/**
 * Per-operation cost of the engine's state store: putNode / putAttempt / appendEvent on
 * MemoryStateStore, SqliteStateStore (one commit per call; group commit; `writeBatch` of one
 * engine turn), and — for comparison — the same statements run through Kysely's async SQLite
 * dialect, which is what the store avoids by preparing Kysely-built SQL once. First with one
 * writer awaiting each call (a single chain), then with 100 concurrent writers (many active
 * executions). Median of several runs. Group commit costs a lone writer an event-loop hop per
 * write and pays off with many concurrent writers; writeBatch pays off for both.
 *
 *   node --import tsx packages/engine/bench/state-store-bench.ts [opsPerRun=4000] [runs=5]
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { Kysely, SqliteDialect, sql } from "kysely";
import { MemoryStateStore } from "../src/state/memory-store.js";
import { SqliteStateStore } from "../src/state/sqlite-store.js";
import { attemptParams, nodeParams, toBuffer } from "../src/state/sqlite-rows.js";
import type { EngineSchema } from "../src/state/sqlite-schema.js";
import type { AttemptRecord, ExecutionRecord, NodeRecord, StateStore, StateWrite } from "../src/state/state-store.js";

const opsPerRun = Number(process.argv[2] ?? 4000);
const runs = Number(process.argv[3] ?? 5);
const dir = mkdtempSync(join(tmpdir(), "state-store-bench-"));

const execution = (name: string): ExecutionRecord => ({
  id: { project: "flytesnacks", domain: "development", name },
  phase: "Running",
  closure: new Uint8Array(4096).fill(7),
  config: { maxParallelism: 25, overwriteCache: false },
  executionDir: `s3://my-bucket/metadata/flytesnacks-development-${name}`,
  rawOutputPrefix: "s3://my-bucket/raw/ab/cd",
  createdAtMs: Date.now(),
  updatedAtMs: Date.now(),
});
const node = (i: number): NodeRecord => ({
  uniqueId: `n${i % 1000}`,
  specNodeId: `n${i % 1000}`,
  scopeId: "root",
  phase: i % 2 === 0 ? "Queued" : "Running",
  attempt: 0,
  systemFailures: 0,
  dataDir: `s3://my-bucket/metadata/flytesnacks-development-x/n${i % 1000}/data`,
  queuedAtMs: 1_700_000_000_000 + i,
  updatedAtMs: 1_700_000_000_000 + i,
});
const attempt = (i: number): AttemptRecord => ({
  nodeUniqueId: `n${i}`,
  attempt: 0,
  phase: "Running",
  phaseVersion: 1,
  pluginState: { pid: 4242, worker: 3 },
  startedAtMs: 1_700_000_000_000 + i,
});
const payload = new Uint8Array(320).fill(9);

type Op = "putNode" | "putAttempt" | "appendEvent";
type Runner = (op: Op, n: number) => Promise<void>;
let executions = 0;
/** A new execution per run, so every run starts from an empty execution. */
const fresh = (): ExecutionRecord => execution(`bench-${++executions}`);

async function writeLoop(store: StateStore, op: Op, n: number): Promise<void> {
  const record = fresh();
  const id = record.id;
  await store.createExecution(record);
  for (let i = 0; i < n; i++) {
    if (op === "putNode") await store.putNode(id, node(i));
    else if (op === "putAttempt") await store.putAttempt(id, attempt(i));
    else await store.appendEvent(id, "node", payload);
  }
}

function storeRunner(store: StateStore): Runner {
  return (op, n) => writeLoop(store, op, n);
}

/** `writers` executions written concurrently, each awaiting its own calls. */
function concurrentRunner(store: StateStore, writers: number): Runner {
  return async (op, n) => {
    await Promise.all(Array.from({ length: writers }, () => writeLoop(store, op, Math.ceil(n / writers))));
  };
}

/** The writes of one task-node turn (node row, attempt row, two events) as one batch. */
function batchRunner(store: SqliteStateStore): Runner {
  return async (op, n) => {
    const record = fresh();
    const id = record.id;
    await store.createExecution(record);
    const per = 4;
    for (let i = 0; i < n; i += per) {
      const writes: StateWrite[] = [];
      for (let k = i; k < i + per && k < n; k++) {
        if (op === "putNode") writes.push({ op, execution: id, record: node(k) });
        else if (op === "putAttempt") writes.push({ op, execution: id, record: attempt(k) });
        else writes.push({ op, execution: id, kind: "node", payload });
      }
      await store.writeBatch(writes);
    }
  };
}

/** Kysely's own SQLite dialect over the same schema (build + compile + prepare per call). */
function kyselyRunner(path: string, store: SqliteStateStore): Runner {
  const db = new Kysely<EngineSchema>({ dialect: new SqliteDialect({ database: new BetterSqlite3(path) }) });
  return async (op, n) => {
    const record = fresh();
    await store.createExecution(record);
    const row = await db
      .selectFrom("engine_executions")
      .select("id")
      .where("name", "=", record.id.name)
      .executeTakeFirstOrThrow();
    for (let i = 0; i < n; i++) {
      if (op === "putNode") {
        await db
          .replaceInto("engine_nodes")
          .values(nodeParams(row.id, node(i)) as never)
          .execute();
      } else if (op === "putAttempt") {
        const values = attemptParams(row.id, attempt(i));
        await db
          .insertInto("engine_attempts")
          .values(values as never)
          .onConflict((oc) =>
            oc
              .columns(["exec_id", "node_id", "attempt"])
              .doUpdateSet({ phase: sql.ref("excluded.phase"), phase_version: sql.ref("excluded.phase_version") })
              .where("engine_attempts.terminal", "=", 0),
          )
          .execute();
      } else {
        await db
          .insertInto("engine_events")
          .values({
            exec_id: row.id,
            seq: (eb) =>
              eb
                .selectFrom("engine_events")
                .select(sql<number>`coalesce(max(seq), 0) + 1`.as("next"))
                .where("exec_id", "=", row.id),
            kind: 2,
            payload: toBuffer(payload),
          })
          .returning("seq")
          .executeTakeFirstOrThrow();
      }
    }
  };
}

async function medianMicros(runner: Runner, op: Op): Promise<number> {
  await runner(op, Math.min(500, opsPerRun)); // warm-up
  const samples: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = process.hrtime.bigint();
    await runner(op, opsPerRun);
    samples.push(Number(process.hrtime.bigint() - t0) / 1000 / opsPerRun);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] ?? Number.NaN;
}

async function table(title: string, runners: Record<string, Runner>): Promise<void> {
  const rows: Record<string, Record<string, string>> = {};
  for (const op of ["putNode", "putAttempt", "appendEvent"] as const) {
    const row: Record<string, string> = {};
    for (const [name, runner] of Object.entries(runners))
      row[name] = `${(await medianMicros(runner, op)).toFixed(2)} µs`;
    rows[op] = row;
  }
  console.log(`${title}: median µs per op, ${runs} runs × ${opsPerRun} ops`);
  console.table(rows);
}

/** Bytes appended to the WAL per op (checkpoints off): the I/O each write costs, free of timing noise. */
async function walBytes(): Promise<void> {
  const configs: Record<string, (store: SqliteStateStore) => Runner> = {
    "commit/op, 1 writer": (s) => storeRunner(s),
    "writeBatch(4), 1 writer": (s) => batchRunner(s),
    "commit/op, 100 writers": (s) => concurrentRunner(s, 100),
    "groupCommit, 100 writers": (s) => concurrentRunner(s, 100),
  };
  const rows: Record<string, Record<string, string>> = {};
  let n = 0;
  for (const op of ["putNode", "putAttempt", "appendEvent"] as const) {
    const row: Record<string, string> = {};
    for (const [name, make] of Object.entries(configs)) {
      const path = join(dir, `wal-${++n}.db`);
      const store = new SqliteStateStore({ path, walAutocheckpointPages: 0, groupCommit: name.startsWith("group") });
      await make(store)(op, 10); // creates the file's pages before measuring
      const before = statSync(`${path}-wal`).size;
      await make(store)(op, opsPerRun);
      row[name] = `${Math.round((statSync(`${path}-wal`).size - before) / opsPerRun)} B`;
      await store.close();
    }
    rows[op] = row;
  }
  console.log(`WAL bytes written per op (4 KiB pages, ${opsPerRun} ops)`);
  console.table(rows);
}

async function main(): Promise<void> {
  const path = join(dir, "bench.db");
  const sqlite = new SqliteStateStore({ path });
  const grouped = new SqliteStateStore({ path: join(dir, "grouped.db"), groupCommit: true });
  const memory = new MemoryStateStore();
  await table("one writer", {
    memory: storeRunner(memory),
    "sqlite (commit/op)": storeRunner(sqlite),
    "sqlite groupCommit": storeRunner(grouped),
    "sqlite writeBatch(4)": batchRunner(sqlite),
    "kysely dialect": kyselyRunner(path, sqlite),
  });
  await table("100 concurrent writers", {
    memory: concurrentRunner(memory, 100),
    "sqlite (commit/op)": concurrentRunner(sqlite, 100),
    "sqlite groupCommit": concurrentRunner(grouped, 100),
  });
  await sqlite.close();
  await grouped.close();
  await walBytes();
}

try {
  await main();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
