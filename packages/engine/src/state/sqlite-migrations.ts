import type { Database as SqliteDatabase } from "better-sqlite3";
import { sql, type Compilable, type Kysely } from "kysely";
import { SystemError } from "@flyte-ts/core";
import { PreparedQuery, param, queryBuilder } from "./sqlite-prepared.js";
import type { EngineSchema } from "./sqlite-schema.js";

/** One numbered schema step: DDL built with Kysely's schema builder, applied in one transaction. */
export interface SqliteMigration {
  readonly version: number;
  readonly name: string;
  readonly up: (db: Kysely<unknown>) => readonly Compilable[];
}

/**
 * The engine store's migrations, oldest first. Append only; never edit an applied one.
 *
 * Layout: node, attempt and event rows live in rowid tables (rows in write order) with a unique
 * index on their key, not in tables clustered by execution. When many executions write in one
 * commit, their new rows then share the tables' last pages instead of each dirtying a page of its
 * own execution's region, which cut the cost per write several times in the 100-concurrent-writer
 * measurement (`bench/state-store-bench.ts`); single-writer cost is about the same.
 */
export const SQLITE_MIGRATIONS: readonly SqliteMigration[] = [
  {
    version: 1,
    name: "executions_closures_nodes_attempts_events",
    up: (db) => [
      db.schema
        .createTable("engine_executions")
        .addColumn("id", "integer", (c) => c.primaryKey())
        .addColumn("project", "text", (c) => c.notNull())
        .addColumn("domain", "text", (c) => c.notNull())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("phase", "text", (c) => c.notNull())
        .addColumn("active", "integer", (c) => c.notNull())
        .addColumn("config", "text", (c) => c.notNull())
        .addColumn("execution_dir", "text", (c) => c.notNull())
        .addColumn("raw_output_prefix", "text", (c) => c.notNull())
        .addColumn("error", "text")
        .addColumn("outputs_uri", "text")
        .addColumn("abort_reason", "text")
        .addColumn("created_at", "integer", (c) => c.notNull())
        .addColumn("updated_at", "integer", (c) => c.notNull())
        .addUniqueConstraint("engine_executions_key", ["project", "domain", "name"]),
      // Only the executions still running are indexed: the restart query reads them and nothing else.
      db.schema
        .createIndex("engine_executions_active")
        .on("engine_executions")
        .column("id")
        .where(sql.ref("active"), "=", 1),
      // The closure (often the biggest value) sits in its own row, so phase updates do not rewrite it.
      db.schema
        .createTable("engine_closures")
        .addColumn("exec_id", "integer", (c) => c.primaryKey())
        .addColumn("closure", "blob", (c) => c.notNull()),
      db.schema
        .createTable("engine_nodes")
        .addColumn("id", "integer", (c) => c.primaryKey())
        .addColumn("exec_id", "integer", (c) => c.notNull())
        .addColumn("unique_id", "text", (c) => c.notNull())
        .addColumn("spec_node_id", "text", (c) => c.notNull())
        .addColumn("scope_id", "text", (c) => c.notNull())
        .addColumn("parent_unique_id", "text")
        .addColumn("phase", "text", (c) => c.notNull())
        .addColumn("attempt", "integer", (c) => c.notNull())
        .addColumn("system_failures", "integer", (c) => c.notNull())
        .addColumn("data_dir", "text", (c) => c.notNull())
        .addColumn("queued_at", "integer")
        .addColumn("last_attempt_started_at", "integer")
        .addColumn("stopped_at", "integer")
        .addColumn("message", "text")
        .addColumn("error", "text")
        .addColumn("outputs_uri", "text")
        .addColumn("handler_state", "text")
        .addColumn("cache_status", "integer")
        .addColumn("reservation_status", "integer")
        .addColumn("updated_at", "integer", (c) => c.notNull()),
      db.schema.createIndex("engine_nodes_key").on("engine_nodes").columns(["exec_id", "unique_id"]).unique(),
      db.schema
        .createTable("engine_attempts")
        .addColumn("id", "integer", (c) => c.primaryKey())
        .addColumn("exec_id", "integer", (c) => c.notNull())
        .addColumn("node_id", "text", (c) => c.notNull())
        .addColumn("attempt", "integer", (c) => c.notNull())
        .addColumn("phase", "text", (c) => c.notNull())
        .addColumn("terminal", "integer", (c) => c.notNull())
        .addColumn("phase_version", "integer", (c) => c.notNull())
        .addColumn("plugin_state", "text")
        .addColumn("started_at", "integer", (c) => c.notNull())
        .addColumn("stopped_at", "integer")
        .addColumn("outputs_uri", "text")
        .addColumn("error", "text"),
      db.schema
        .createIndex("engine_attempts_key")
        .on("engine_attempts")
        .columns(["exec_id", "node_id", "attempt"])
        .unique(),
      db.schema
        .createTable("engine_events")
        .addColumn("id", "integer", (c) => c.primaryKey())
        .addColumn("exec_id", "integer", (c) => c.notNull())
        .addColumn("seq", "integer", (c) => c.notNull())
        .addColumn("kind", "integer", (c) => c.notNull())
        .addColumn("payload", "blob", (c) => c.notNull()),
      db.schema.createIndex("engine_events_key").on("engine_events").columns(["exec_id", "seq"]).unique(),
    ],
  },
];

/**
 * Brings the schema up to `migrations`' last version. Each migration and its bookkeeping row
 * commit together (BEGIN IMMEDIATE), so a crash mid-way leaves the previous version intact and
 * two processes opening one file at once apply each migration once.
 */
export function runSqliteMigrations(
  database: SqliteDatabase,
  migrations: readonly SqliteMigration[] = SQLITE_MIGRATIONS,
): number[] {
  const db = queryBuilder<EngineSchema>();
  database.exec(
    db.schema
      .createTable("engine_migrations")
      .ifNotExists()
      .addColumn("version", "integer", (c) => c.primaryKey())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("applied_at", "integer", (c) => c.notNull())
      .compile().sql,
  );
  const applied = new PreparedQuery<"version">(
    database,
    db.selectFrom("engine_migrations").select("version").where("version", "=", param("version")),
  );
  const record = new PreparedQuery<"version" | "name" | "appliedAt">(
    database,
    db
      .insertInto("engine_migrations")
      .values({ version: param("version"), name: param("name"), applied_at: param("appliedAt") }),
  );
  const done: number[] = [];
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    database
      .transaction(() => {
        if (applied.get({ version: m.version }) !== undefined) return;
        for (const step of m.up(db as Kysely<unknown>)) {
          const { sql, parameters } = step.compile();
          if (parameters.length > 0) {
            throw new SystemError("InvalidMigration", `migration ${m.version} has bound parameters: ${sql}`, {
              retryable: false,
            });
          }
          database.exec(sql);
        }
        record.run({ version: m.version, name: m.name, appliedAt: Date.now() });
        done.push(m.version);
      })
      .immediate();
  }
  return done;
}
