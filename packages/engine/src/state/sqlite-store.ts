import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { AlreadyExistsError, SystemError } from "@flyte-ts/core";
import { executionKey, type ExecutionId } from "../model/ids.js";
import { assertNever } from "../model/phases.js";
import { run, storeError } from "./sqlite-errors.js";
import { SqliteExecutionCache } from "./sqlite-execution-cache.js";
import { GroupCommit } from "./sqlite-group-commit.js";
import { runSqliteMigrations } from "./sqlite-migrations.js";
import {
  attemptParams,
  attemptRecord,
  executionParams,
  executionRecord,
  fromBlob,
  nodeParams,
  nodeRecord,
  toBuffer,
} from "./sqlite-rows.js";
import {
  EVENT_KIND_CODE,
  eventKindFromCode,
  type AttemptRow,
  type ClosureRow,
  type EventRow,
  type ExecutionRow,
  type NodeRow,
} from "./sqlite-schema.js";
import { prepareStatements, type SqliteStatements } from "./sqlite-statements.js";
import type {
  AttemptRecord,
  ExecutionRecord,
  NodeRecord,
  StateStore,
  StateWrite,
  StateWriteResult,
  StoredEvent,
} from "./state-store.js";

type ExecutionWithClosure = Omit<ExecutionRow, "id"> & { id: number } & Pick<ClosureRow, "closure">;

export interface SqliteStateStoreOptions {
  /** The database file (created, with its directory, when missing), or `":memory:"` for tests. */
  readonly path: string;
  /**
   * Survive power loss / OS crashes too, not only process crashes: `synchronous=FULL` (an fsync
   * per commit). Default false.
   */
  readonly powerLossSafe?: boolean;
  /** How long a write waits for another connection's lock. Default 5000 ms. */
  readonly busyTimeoutMs?: number;
  /** Page cache size. Default 64 MiB. */
  readonly cacheSizeMib?: number;
  /** WAL pages after which a commit checkpoints the WAL into the database file. Default 1000 (SQLite's). */
  readonly walAutocheckpointPages?: number;
  /**
   * Commit the writes of one event-loop turn together (`GroupCommit`); each write's promise still
   * resolves only after its commit. Default false: every write is its own transaction.
   */
  readonly groupCommit?: boolean;
}

/**
 * `StateStore` in one SQLite file (better-sqlite3, synchronous, one connection per store).
 *
 * Durability: WAL journal, `synchronous=NORMAL`. A commit appends its pages to the WAL with
 * write(2) before the call returns, so once a method's promise resolves the write is in the OS
 * and survives `kill -9` of this process; a crash mid-transaction leaves a WAL frame set with no
 * commit record, which SQLite ignores on the next open (no torn rows). Only an OS crash or power
 * loss can drop the last commits under NORMAL (the file stays consistent); `powerLossSafe`
 * switches to `synchronous=FULL`, which fsyncs the WAL on every commit.
 *
 * Every write is one statement, committed on its own (or with the rest of its event-loop turn
 * under `groupCommit`); `writeBatch` is one transaction. `putAttempt`'s refusal to overwrite a
 * terminal attempt is a single `INSERT … ON CONFLICT DO UPDATE … WHERE terminal = 0`, so it is
 * atomic by construction, and `appendEvent` computes the next sequence number inside its INSERT.
 *
 * Queries are Kysely-built and prepared once (`sqlite-prepared.ts`); migrations run on open.
 */
export class SqliteStateStore implements StateStore {
  readonly path: string;
  readonly #db: BetterSqlite3.Database;
  readonly #q: SqliteStatements;
  readonly #cache: SqliteExecutionCache;
  readonly #atomic: <T>(fn: () => T) => T;
  readonly #batch: (writes: readonly StateWrite[]) => StateWriteResult[];
  #createdInBatch: string[] | undefined;
  readonly #group: GroupCommit | undefined;
  #createdInGroup: string[] = [];

  constructor(options: SqliteStateStoreOptions) {
    this.path = options.path;
    let db: BetterSqlite3.Database;
    try {
      if (options.path !== ":memory:" && options.path !== "") mkdirSync(dirname(options.path), { recursive: true });
      db = new BetterSqlite3(options.path);
    } catch (e) {
      throw storeError(e, `opening ${options.path}`);
    }
    try {
      db.pragma("journal_mode = WAL");
      db.pragma(`synchronous = ${options.powerLossSafe === true ? "FULL" : "NORMAL"}`);
      db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
      db.pragma(`cache_size = ${-1024 * Math.max(1, Math.floor(options.cacheSizeMib ?? 64))}`);
      db.pragma("temp_store = MEMORY");
      db.pragma(`wal_autocheckpoint = ${Math.max(0, Math.floor(options.walAutocheckpointPages ?? 1000))}`);
      runSqliteMigrations(db);
      this.#q = prepareStatements(db);
    } catch (e) {
      db.close();
      throw storeError(e, `opening ${options.path}`);
    }
    this.#db = db;
    const q = this.#q;
    this.#cache = new SqliteExecutionCache({ find: (id) => q.executionIdByKey.get<{ id: number }>(id)?.id });
    // A transaction, or a savepoint inside an open one (writeBatch, group commit).
    const atomic = db.transaction((fn: () => unknown) => fn());
    this.#atomic = <T>(fn: () => T) => atomic(fn) as T;
    const batch = db.transaction((writes: readonly StateWrite[]) => writes.map((w) => this.#apply(w)));
    this.#batch = (writes) => batch.immediate(writes);
    this.#group = options.groupCommit
      ? new GroupCommit({
          db,
          onCommit: () => (this.#createdInGroup = []),
          onRollback: () => {
            this.#cache.forget(this.#createdInGroup);
            this.#cache.resetClosures();
            this.#createdInGroup = [];
          },
        })
      : undefined;
  }

  createExecution(record: ExecutionRecord): Promise<void> {
    return this.#write("createExecution", () => this.#createExecution(record));
  }

  getExecution(id: ExecutionId): Promise<ExecutionRecord | undefined> {
    return run("getExecution", () => {
      const row = this.#q.executionByKey.get<ExecutionWithClosure>(id);
      return row && this.#executionRecord(row);
    });
  }

  updateExecution(record: ExecutionRecord): Promise<void> {
    return this.#write("updateExecution", () => this.#updateExecution(record));
  }

  listActiveExecutions(): Promise<ExecutionRecord[]> {
    return run("listActiveExecutions", () =>
      this.#q.activeExecutions.all<ExecutionWithClosure>({}).map((r) => this.#executionRecord(r)),
    );
  }

  getNodes(execution: ExecutionId): Promise<NodeRecord[]> {
    return run("getNodes", () => this.#q.nodes.all<NodeRow>({ execId: this.#cache.idOf(execution) }).map(nodeRecord));
  }

  getNode(execution: ExecutionId, uniqueId: string): Promise<NodeRecord | undefined> {
    return run("getNode", () => {
      const execId = this.#cache.lookup(execution);
      const row = execId === undefined ? undefined : this.#q.node.get<NodeRow>({ execId, uniqueId });
      return row && nodeRecord(row);
    });
  }

  putNode(execution: ExecutionId, record: NodeRecord): Promise<void> {
    return this.#write("putNode", () => this.#putNode(execution, record));
  }

  getAttempts(execution: ExecutionId, nodeUniqueId: string): Promise<AttemptRecord[]> {
    return run("getAttempts", () =>
      this.#q.attempts
        .all<AttemptRow>({ execId: this.#cache.idOf(execution), nodeId: nodeUniqueId })
        .map(attemptRecord),
    );
  }

  putAttempt(execution: ExecutionId, record: AttemptRecord): Promise<boolean> {
    return this.#write("putAttempt", () => this.#putAttempt(execution, record));
  }

  appendEvent(execution: ExecutionId, kind: StoredEvent["kind"], payload: Uint8Array): Promise<number> {
    return this.#write("appendEvent", () => this.#appendEvent(execution, kind, payload));
  }

  listEvents(execution: ExecutionId): Promise<StoredEvent[]> {
    return run("listEvents", () =>
      this.#q.events
        .all<EventRow>({ execId: this.#cache.idOf(execution) })
        .map((r) => ({ seq: r.seq, kind: eventKindFromCode(r.kind), payload: fromBlob(r.payload) })),
    );
  }

  writeBatch(writes: readonly StateWrite[]): Promise<StateWriteResult[]> {
    return this.#write("writeBatch", () => {
      const created: string[] = [];
      this.#createdInBatch = created;
      try {
        return this.#batch(writes);
      } catch (e) {
        // What the cache learnt inside the rolled-back batch must not outlive it.
        this.#cache.forget(created);
        this.#cache.resetClosures();
        throw e;
      } finally {
        this.#createdInBatch = undefined;
      }
    });
  }

  /** Closes the connection (checkpointing the WAL into the main file). Idempotent. */
  close(): Promise<void> {
    if (!this.#db.open) return Promise.resolve();
    this.#group?.flush();
    this.#db.close();
    return Promise.resolve();
  }

  #write<T>(op: string, fn: () => T): Promise<T> {
    if (!this.#group) return run(op, fn);
    return this.#group.write(fn).catch((e: unknown) => Promise.reject(storeError(e, op)));
  }

  #apply(w: StateWrite): StateWriteResult {
    switch (w.op) {
      case "createExecution":
        return this.#createExecution(w.record);
      case "updateExecution":
        return this.#updateExecution(w.record);
      case "putNode":
        return this.#putNode(w.execution, w.record);
      case "putAttempt":
        return this.#putAttempt(w.execution, w.record);
      case "appendEvent":
        return this.#appendEvent(w.execution, w.kind, w.payload);
      default:
        return assertNever(w);
    }
  }

  #createExecution(record: ExecutionRecord): undefined {
    const id = this.#atomic(() => {
      const row = this.#q.insertExecution.get<{ id: number }>(executionParams(record));
      if (!row) throw new AlreadyExistsError(`execution ${executionKey(record.id)} already exists`);
      this.#q.putClosure.run({ execId: row.id, closure: toBuffer(record.closure) });
      return row.id;
    });
    const key = executionKey(record.id);
    this.#cache.remember(key, id);
    this.#cache.rememberClosure(record.closure, id);
    this.#createdInBatch?.push(key);
    if (this.#group) this.#createdInGroup.push(key);
    return undefined;
  }

  /** Rewrites the closure only when it is not the byte array already stored for this execution. */
  #updateExecution(record: ExecutionRecord): undefined {
    const id = this.#cache.idOf(record.id);
    this.#atomic(() => {
      this.#q.updateExecution.run({ ...executionParams(record), id });
      if (!this.#cache.hasClosure(record.closure, id)) {
        this.#q.putClosure.run({ execId: id, closure: toBuffer(record.closure) });
      }
    });
    this.#cache.rememberClosure(record.closure, id);
    return undefined;
  }

  #executionRecord(row: ExecutionWithClosure): ExecutionRecord {
    const record = executionRecord(row);
    this.#cache.rememberClosure(record.closure, row.id);
    return record;
  }

  #putNode(execution: ExecutionId, record: NodeRecord): undefined {
    this.#q.putNode.run(nodeParams(this.#cache.idOf(execution), record));
    return undefined;
  }

  #putAttempt(execution: ExecutionId, record: AttemptRecord): boolean {
    return this.#q.putAttempt.run(attemptParams(this.#cache.idOf(execution), record)) === 1;
  }

  #appendEvent(execution: ExecutionId, kind: StoredEvent["kind"], payload: Uint8Array): number {
    const execId = this.#cache.idOf(execution);
    const row = this.#q.appendEvent.get<{ seq: number }>({
      execId,
      kind: EVENT_KIND_CODE[kind],
      payload: toBuffer(payload),
    });
    if (!row)
      throw new SystemError("StateStoreError", `appending an event to ${executionKey(execution)} stored nothing`);
    return row.seq;
  }
}
