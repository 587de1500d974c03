import { mkdirSync } from "node:fs";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { ErrorStatus, errorMessage, InvalidArgumentError, isFlyteError, SystemError } from "@flyte-ts/core";
import type { DialectName, Migration } from "./migrations/migration.js";
import { MIGRATIONS } from "./migrations/migration-list.js";
import { runMigrations, type MigrationReport } from "./migrations/migrator.js";
import type { Schema } from "./schema.js";
import { ImmediateTransactionSqliteDialect } from "./sqlite-dialect.js";

/** The embedded default: one SQLite file (WAL mode) in a data directory. */
export interface SqliteConfig {
  dialect: "sqlite";
  dataDir: string;
  /** Default `flyte.db`. */
  fileName?: string;
  /** How long a writer waits for a lock held by another connection. Default 5000 ms. */
  busyTimeoutMs?: number;
}

/** Production: a PostgreSQL server, reached through a pool. */
export interface PostgresConfig {
  dialect: "postgres";
  /** `postgres://user:password@host:port/database` */
  url: string;
  /** Default 10. */
  maxConnections?: number;
}

export type DatabaseConfig = SqliteConfig | PostgresConfig;

export interface OpenDatabaseOptions {
  /** Apply pending migrations before returning. Default true. */
  migrate?: boolean;
  /** Override the migration list (tests). */
  migrations?: readonly Migration[];
}

export interface Database {
  readonly db: Kysely<Schema>;
  readonly dialect: DialectName;
  /** Where the data lives: the SQLite file path or the PostgreSQL URL without its password. */
  readonly location: string;
  /** What the migrations run on open did (`applied` empty and `current` 0 when `migrate: false`). */
  readonly migrations: MigrationReport;
  close(): Promise<void>;
}

/** PostgreSQL BIGINT/NUMERIC arrive as strings by default; our columns are epoch ms and counters. */
const INT8_OID = 20;
const NUMERIC_OID = 1700;
function pgTypes(): pg.CustomTypesConfig {
  return {
    getTypeParser: ((oid: number, format?: "text" | "binary") => {
      if (oid === INT8_OID || oid === NUMERIC_OID) return (v: string) => Number(v);
      const parser: unknown =
        format === "binary" ? pg.types.getTypeParser(oid, "binary") : pg.types.getTypeParser(oid, "text");
      return parser;
    }) as pg.CustomTypesConfig["getTypeParser"],
  };
}

/** The database cannot be reached or opened (server down, bad path, no permission). */
function unavailable(location: string, cause: unknown): SystemError {
  return new SystemError("DatabaseUnavailable", `cannot open the database at ${location}: ${errorMessage(cause)}`, {
    cause,
    retryable: true,
    status: ErrorStatus.Unavailable,
    details: { location },
  });
}

function openSqlite(cfg: SqliteConfig): { db: Kysely<Schema>; location: string } {
  if (!cfg.dataDir)
    throw new InvalidArgumentError("database.dataDir must be set for SQLite", { code: "InvalidDatabaseConfig" });
  const location = join(cfg.dataDir, cfg.fileName ?? "flyte.db");
  let database: BetterSqlite3.Database | undefined;
  try {
    mkdirSync(cfg.dataDir, { recursive: true });
    database = new BetterSqlite3(location);
    database.pragma("journal_mode = WAL");
    database.pragma(`busy_timeout = ${Math.max(0, Math.floor(cfg.busyTimeoutMs ?? 5000))}`);
    database.pragma("synchronous = NORMAL");
    database.pragma("foreign_keys = ON");
    // LIKE (the `contains` / `not_like` filters) is case-sensitive on PostgreSQL; make SQLite agree.
    database.pragma("case_sensitive_like = ON");
  } catch (e) {
    database?.close();
    throw unavailable(location, e);
  }
  return { db: new Kysely<Schema>({ dialect: new ImmediateTransactionSqliteDialect({ database }) }), location };
}

function openPostgres(cfg: PostgresConfig): { db: Kysely<Schema>; location: string } {
  let url: URL;
  try {
    url = new URL(cfg.url);
  } catch {
    throw new InvalidArgumentError("database.url is not a valid PostgreSQL URL", { code: "InvalidDatabaseConfig" });
  }
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") {
    throw new InvalidArgumentError(`database.url must start with postgres://, got ${url.protocol}//`, {
      code: "InvalidDatabaseConfig",
    });
  }
  const pool = new pg.Pool({ connectionString: cfg.url, max: cfg.maxConnections ?? 10, types: pgTypes() });
  // An idle pooled connection the server drops (restart, failover, idle timeout) is emitted as an
  // 'error' on the pool, which would crash the process when unhandled. The pool discards that
  // client and the next query opens a new connection, so there is nothing else to do here.
  pool.on("error", () => undefined);
  url.password = "";
  return { db: new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) }), location: url.toString() };
}

/**
 * Opens the database named by `config` and (by default) brings its schema up to date.
 * The caller owns the returned handle and must `close()` it.
 */
export async function openDatabase(config: DatabaseConfig, options: OpenDatabaseOptions = {}): Promise<Database> {
  const { db, location } = config.dialect === "sqlite" ? openSqlite(config) : openPostgres(config);
  const dialect = config.dialect;
  let migrations: MigrationReport = { applied: [], current: 0 };
  try {
    if (options.migrate ?? true) migrations = await runMigrations(db, dialect, options.migrations ?? MIGRATIONS);
  } catch (e) {
    await db.destroy();
    throw isFlyteError(e) ? e : unavailable(location, e);
  }
  return { db, dialect, location, migrations, close: () => db.destroy() };
}
