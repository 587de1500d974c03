import {
  CompiledQuery,
  SelectQueryNode,
  SqliteDialect,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  type SqliteDialectConfig,
} from "kysely";
import type BetterSqlite3 from "better-sqlite3";

/** Prepared statements kept per connection; the SQL text of a query shape is its key. */
const STATEMENT_CACHE_MAX = 500;

/**
 * One better-sqlite3 connection with a cache of prepared statements. Kysely's own SQLite
 * connection prepares every query again (parse + plan of the SQL text), which costs more than
 * running a primary-key insert or a 100-row index read; the SQL a query builder produces for one
 * call site is the same text each time (values are parameters), so the cache hits almost always.
 * The oldest statement goes first when full (`in (?, ?, ...)` lists of many lengths churn it).
 */
class CachingSqliteConnection implements DatabaseConnection {
  readonly #db: BetterSqlite3.Database;
  readonly #statements = new Map<string, BetterSqlite3.Statement>();

  constructor(db: BetterSqlite3.Database) {
    this.#db = db;
  }

  executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const stmt = this.#prepare(compiledQuery.sql);
    const parameters = compiledQuery.parameters as unknown[];
    if (stmt.reader) return Promise.resolve({ rows: stmt.all(parameters) as R[] });
    const { changes, lastInsertRowid } = stmt.run(parameters);
    return Promise.resolve({
      numAffectedRows: BigInt(changes),
      insertId: BigInt(lastInsertRowid),
      rows: [],
    });
  }

  async *streamQuery<R>(compiledQuery: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    if (!SelectQueryNode.is(compiledQuery.query)) {
      throw new Error("the SQLite driver streams only SELECT queries");
    }
    // A statement being iterated cannot run anything else: streams get their own.
    const stmt = this.#db.prepare(compiledQuery.sql);
    for (const row of stmt.iterate(compiledQuery.parameters)) yield await Promise.resolve({ rows: [row as R] });
  }

  #prepare(sql: string): BetterSqlite3.Statement {
    const hit = this.#statements.get(sql);
    if (hit) return hit;
    const stmt = this.#db.prepare(sql);
    if (this.#statements.size >= STATEMENT_CACHE_MAX) {
      const oldest = this.#statements.keys().next().value;
      if (oldest !== undefined) this.#statements.delete(oldest);
    }
    this.#statements.set(sql, stmt);
    return stmt;
  }
}

const quoteName = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Kysely's SQLite driver (one connection, a mutex in front of it), with two differences:
 *  - statements are prepared once and reused (`CachingSqliteConnection`);
 *  - transactions begin IMMEDIATE: they take the write lock when they start. With the default
 *    (deferred) BEGIN, a transaction that reads before it writes fails at once with "database is
 *    locked" when another process committed in between (WAL cannot upgrade a stale read snapshot,
 *    and the busy timeout does not apply); an immediate one waits for the lock (up to the busy
 *    timeout) and then reads current data.
 */
class CachingSqliteDriver implements Driver {
  readonly #config: SqliteDialectConfig;
  #connection: CachingSqliteConnection | undefined;
  #db: BetterSqlite3.Database | undefined;
  /** Resolves when the connection is free; every acquire chains on the previous holder. */
  #free: Promise<void> = Promise.resolve();
  #release: (() => void) | undefined;

  constructor(config: SqliteDialectConfig) {
    this.#config = config;
  }

  async init(): Promise<void> {
    const d = this.#config.database;
    this.#db = (typeof d === "function" ? await d() : d) as unknown as BetterSqlite3.Database;
    this.#connection = new CachingSqliteConnection(this.#db);
    if (this.#config.onCreateConnection) await this.#config.onCreateConnection(this.#connection);
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const previous = this.#free;
    let release!: () => void;
    this.#free = new Promise<void>((resolve) => (release = resolve));
    await previous;
    this.#release = release;
    if (!this.#connection) throw new Error("the SQLite driver is not initialised");
    return this.#connection;
  }

  releaseConnection(): Promise<void> {
    const release = this.#release;
    this.#release = undefined;
    release?.();
    return Promise.resolve();
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("begin immediate"));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("commit"));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("rollback"));
  }

  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`savepoint ${quoteName(name)}`));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`rollback to ${quoteName(name)}`));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release ${quoteName(name)}`));
  }

  destroy(): Promise<void> {
    this.#db?.close();
    return Promise.resolve();
  }
}

export class ImmediateTransactionSqliteDialect extends SqliteDialect {
  private readonly driverConfig: SqliteDialectConfig;
  constructor(config: SqliteDialectConfig) {
    super(config);
    this.driverConfig = config;
  }

  override createDriver(): Driver {
    return new CachingSqliteDriver(this.driverConfig);
  }
}
