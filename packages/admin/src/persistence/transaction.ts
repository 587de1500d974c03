import type { Kysely } from "kysely";
import type { Schema } from "./schema.js";

/** A database handle or an open transaction; repositories accept either. */
export type Db = Kysely<Schema>;

/**
 * Runs `fn` in a transaction: a new one, or the caller's when `db` already is one (Kysely does not
 * nest transactions), so repository methods that need atomicity compose with callers' transactions.
 */
export async function inTransaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db);
  return db.transaction().execute(fn);
}
