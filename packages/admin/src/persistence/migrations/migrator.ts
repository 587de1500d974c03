import { sql, type Kysely } from "kysely";
import { SystemError } from "@flyte-ts/core";
import type { Schema } from "../schema.js";
import type { DialectName, Migration } from "./migration.js";

/** Any number; keeps two processes starting at once from applying the same migration twice. */
const PG_MIGRATION_LOCK = 74_657_301;

export interface MigrationReport {
  /** Versions applied by this run (empty when the schema was already current). */
  applied: number[];
  /** The schema version after the run. */
  current: number;
}

/**
 * Applies every migration newer than the database, in order, each in its own transaction with the
 * row that records it. Safe to run on every start: applied versions are skipped.
 */
export async function runMigrations(
  db: Kysely<Schema>,
  dialect: DialectName,
  migrations: readonly Migration[],
): Promise<MigrationReport> {
  checkOrder(migrations);
  await locked(db, dialect, async (trx) => {
    await trx.schema
      .createTable("flyte_migrations")
      .ifNotExists()
      .addColumn("version", "integer", (c) => c.primaryKey())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("applied_at", "bigint", (c) => c.notNull())
      .execute();
  });
  const applied: number[] = [];
  for (const m of migrations) {
    const ran = await locked(db, dialect, async (trx) => {
      const done = await trx
        .selectFrom("flyte_migrations")
        .select("version")
        .where("version", "=", m.version)
        .executeTakeFirst();
      if (done) return false;
      try {
        await m.up(trx as unknown as Kysely<unknown>, dialect);
      } catch (e) {
        throw new SystemError("MigrationFailed", `migration ${m.version} (${m.name}) failed: ${String(e)}`, {
          cause: e,
          retryable: false,
          details: { version: String(m.version), name: m.name },
        });
      }
      await trx
        .insertInto("flyte_migrations")
        .values({ version: m.version, name: m.name, applied_at: Date.now() })
        .execute();
      return true;
    });
    if (ran) applied.push(m.version);
  }
  const row = await db
    .selectFrom("flyte_migrations")
    .select((eb) => eb.fn.max("version").as("v"))
    .executeTakeFirst();
  return { applied, current: Number(row?.v ?? 0) };
}

/**
 * Runs `fn` in a transaction that excludes every other migrator of the same database until it
 * commits: PostgreSQL takes a transaction-scoped advisory lock; SQLite begins IMMEDIATE (taking
 * the write lock up front, so a second process waits at BEGIN instead of failing on a stale read).
 * Without it, servers starting together on an empty database race on CREATE TABLE.
 */
async function locked<T>(
  db: Kysely<Schema>,
  dialect: DialectName,
  fn: (trx: Kysely<Schema>) => Promise<T>,
): Promise<T> {
  if (dialect === "postgres") {
    return db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${PG_MIGRATION_LOCK})`.execute(trx);
      return fn(trx);
    });
  }
  return db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    let out: T;
    try {
      out = await fn(conn);
    } catch (e) {
      // Some SQLite errors end the transaction themselves; a failed ROLLBACK must not hide `e`.
      await sql`rollback`.execute(conn).catch(() => undefined);
      throw e;
    }
    await sql`commit`.execute(conn);
    return out;
  });
}

function checkOrder(migrations: readonly Migration[]): void {
  let last = 0;
  for (const m of migrations) {
    if (!Number.isInteger(m.version) || m.version <= last) {
      throw new SystemError("MigrationOrder", `migration ${m.name} has version ${m.version}, expected > ${last}`, {
        retryable: false,
      });
    }
    last = m.version;
  }
}
