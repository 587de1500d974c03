import { CompiledQuery, type Compilable, type QueryResult } from "kysely";
import type { Db } from "./transaction.js";

interface Compiled {
  sql: string;
  /** For each compiled parameter: the index of the argument it stands for, or the constant itself. */
  slots: ({ arg: number } | { value: unknown })[];
}

/**
 * A query whose SQL text is the same on every call (only its values change), built and compiled
 * by Kysely once per dialect instead of once per call: on the hot paths (CreateExecution's
 * insert and settings lookups) building and compiling cost as much as running the statement.
 * `build` receives one marker per argument; the markers are found again among the compiled
 * parameters, so each call binds its own values in the dialect's parameter order.
 */
export class QueryTemplate {
  readonly #build: (db: Db, args: readonly string[]) => Compilable;
  readonly #arity: number;
  readonly #compiled = new WeakMap<object, Compiled>();

  constructor(options: { arity: number; build: (db: Db, args: readonly string[]) => Compilable }) {
    this.#build = options.build;
    this.#arity = options.arity;
  }

  execute<R>(db: Db, args: readonly unknown[]): Promise<QueryResult<R>> {
    if (args.length !== this.#arity) throw new Error(`query template takes ${this.#arity} values, got ${args.length}`);
    const c = this.#compile(db);
    const parameters = c.slots.map((s) => ("arg" in s ? args[s.arg] : s.value));
    return db.executeQuery<R>(CompiledQuery.raw(c.sql, parameters));
  }

  #compile(db: Db): Compiled {
    // Transactions share their database's adapter: one compilation serves both.
    const key = db.getExecutor().adapter;
    const hit = this.#compiled.get(key);
    if (hit) return hit;
    const markers = Array.from({ length: this.#arity }, (_, i) => `\u0000flyte-query-arg-${i}\u0000`);
    const byMarker = new Map(markers.map((m, i) => [m, i]));
    const compiled = this.#build(db, markers).compile();
    const slots = compiled.parameters.map((p) => {
      const arg = typeof p === "string" ? byMarker.get(p) : undefined;
      return arg === undefined ? { value: p } : { arg };
    });
    const found = new Set(slots.flatMap((s) => ("arg" in s ? [s.arg] : [])));
    if (found.size !== this.#arity) throw new Error("query template: every argument must be a bound value");
    const entry = { sql: compiled.sql, slots };
    this.#compiled.set(key, entry);
    return entry;
  }
}
