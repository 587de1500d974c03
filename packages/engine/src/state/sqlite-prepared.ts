import type { Database as SqliteDatabase, Statement } from "better-sqlite3";
import { SystemError } from "@flyte-ts/core";
import {
  DummyDriver,
  Kysely,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type CompiledQuery,
  type Compilable,
} from "kysely";

/**
 * Queries are written with Kysely (typed against the schema) but compiled ONCE, when the store
 * opens, and run as better-sqlite3 prepared statements. Running them through Kysely's async
 * SQLite dialect instead re-builds, re-compiles and re-prepares the SQL on every call and hops
 * through a connection mutex and several promises: `bench/state-store-bench.ts` measures that
 * path against this one.
 *
 * A value in a query is a named placeholder made with `param(name)`; `PreparedQuery` maps the
 * compiled positional parameters back to names, so a call binds `{ name: value }` objects.
 */
export function queryBuilder<DB>(): Kysely<DB> {
  return new Kysely<DB>({
    dialect: {
      createAdapter: () => new SqliteAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new SqliteIntrospector(db),
      createQueryCompiler: () => new SqliteQueryCompiler(),
    },
  });
}

const MARK = "\u0000param:";

/** A named placeholder in a query compiled once (typed as the column's type for Kysely). */
export function param<T = never>(name: string): T {
  return `${MARK}${name}` as T;
}

/** A value SQLite binds: what better-sqlite3 accepts for a `?`. */
export type SqlValue = string | number | bigint | Buffer | null;

/** A compiled query bound to a prepared statement; `P` names its parameters. */
export class PreparedQuery<P extends string> {
  readonly sql: string;
  readonly #statement: Statement<unknown[]>;
  readonly #names: readonly P[];

  constructor(db: SqliteDatabase, query: Compilable | CompiledQuery) {
    const compiled = "compile" in query ? query.compile() : query;
    this.sql = compiled.sql;
    this.#names = compiled.parameters.map((v) => {
      if (typeof v !== "string" || !v.startsWith(MARK)) {
        throw invalidStatement(`query has an inline value (${String(v)}); use param(name): ${compiled.sql}`);
      }
      return v.slice(MARK.length) as P;
    });
    this.#statement = db.prepare<unknown[]>(compiled.sql);
  }

  /** Runs a write; returns the number of rows changed. */
  run(params: Readonly<Record<P, SqlValue>>): number {
    return this.#statement.run(...this.#bind(params)).changes;
  }

  get<R>(params: Readonly<Record<P, SqlValue>>): R | undefined {
    return this.#statement.get(...this.#bind(params)) as R | undefined;
  }

  all<R>(params: Readonly<Record<P, SqlValue>>): R[] {
    return this.#statement.all(...this.#bind(params)) as R[];
  }

  #bind(params: Readonly<Record<P, SqlValue>>): SqlValue[] {
    const names = this.#names;
    const values = new Array<SqlValue>(names.length);
    for (let i = 0; i < names.length; i++) {
      const value = params[names[i] as P];
      if (value === undefined) {
        throw invalidStatement(`no value for parameter ${String(names[i])} of: ${this.sql}`);
      }
      values[i] = value;
    }
    return values;
  }
}

function invalidStatement(message: string): SystemError {
  return new SystemError("InvalidStatement", message, { retryable: false });
}
