import type { Database as SqliteDatabase } from "better-sqlite3";

interface Pending {
  readonly resolve: () => void;
  readonly reject: (e: unknown) => void;
}

/**
 * Group commit: every write issued during one turn of the event loop runs inside one open
 * transaction (BEGIN IMMEDIATE on the first), which commits in a `setImmediate` callback; only
 * then do those writes' promises resolve. So "acknowledged" still means "committed" (what the
 * crash test checks), but 10,000 active executions writing in the same turn pay for one commit,
 * not one each.
 *
 * A write that throws rejects alone: SQLite undoes just that statement, and the others in the
 * group still commit. If SQLite had to roll the whole transaction back (I/O error, disk full) or
 * COMMIT fails, every write of the group rejects and `onRollback` runs. Reads on the connection
 * see the group's writes before they commit (read-your-writes within the process).
 */
export class GroupCommit {
  readonly #db: SqliteDatabase;
  readonly #onCommit: () => void;
  readonly #onRollback: () => void;
  #pending: Pending[] = [];
  #scheduled = false;

  constructor(options: {
    readonly db: SqliteDatabase;
    readonly onCommit: () => void;
    readonly onRollback: () => void;
  }) {
    this.#db = options.db;
    this.#onCommit = options.onCommit;
    this.#onRollback = options.onRollback;
  }

  /** Runs `fn` (synchronous statements) in the current group; resolves once the group commits. */
  write<T>(fn: () => T): Promise<T> {
    let result: T;
    try {
      if (!this.#db.inTransaction) this.#db.exec("BEGIN IMMEDIATE");
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.flush());
      }
      result = fn();
    } catch (e) {
      if (!this.#db.inTransaction) this.#abort(e);
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
    return new Promise<T>((resolve, reject) => this.#pending.push({ resolve: () => resolve(result), reject }));
  }

  /** Commits the open group now (also called before close). */
  flush(): void {
    this.#scheduled = false;
    if (!this.#db.inTransaction) return;
    const pending = this.#pending;
    this.#pending = [];
    try {
      this.#db.exec("COMMIT");
    } catch (e) {
      this.#pending = pending;
      this.#abort(e);
      return;
    }
    this.#onCommit();
    for (const p of pending) p.resolve();
  }

  #abort(e: unknown): void {
    try {
      if (this.#db.inTransaction) this.#db.exec("ROLLBACK");
    } catch {
      // The connection already dropped the transaction; nothing is left to undo.
    }
    const pending = this.#pending;
    this.#pending = [];
    this.#onRollback();
    for (const p of pending) p.reject(e);
  }
}
