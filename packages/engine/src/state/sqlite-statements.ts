import type { Database as SqliteDatabase } from "better-sqlite3";
import { sql, type Compilable } from "kysely";
import { PreparedQuery, param, queryBuilder } from "./sqlite-prepared.js";
import type { AttemptParams, ExecutionParams, NodeParams } from "./sqlite-rows.js";
import type { EngineSchema } from "./sqlite-schema.js";

/** Every parameter of a row, as a named placeholder: `{ col: param("col") }`. */
function placeholders<K extends string>(keys: readonly K[]): Record<K, never> {
  return Object.fromEntries(keys.map((k) => [k, param<never>(k)])) as Record<K, never>;
}

const EXECUTION_COLUMNS = [
  "project",
  "domain",
  "name",
  "phase",
  "active",
  "config",
  "execution_dir",
  "raw_output_prefix",
  "error",
  "outputs_uri",
  "abort_reason",
  "created_at",
  "updated_at",
] as const satisfies readonly (keyof ExecutionParams)[];

const NODE_COLUMNS = [
  "exec_id",
  "unique_id",
  "spec_node_id",
  "scope_id",
  "parent_unique_id",
  "phase",
  "attempt",
  "system_failures",
  "data_dir",
  "queued_at",
  "last_attempt_started_at",
  "stopped_at",
  "message",
  "error",
  "outputs_uri",
  "handler_state",
  "cache_status",
  "reservation_status",
  "updated_at",
] as const satisfies readonly (keyof NodeParams)[];

const ATTEMPT_COLUMNS = [
  "exec_id",
  "node_id",
  "attempt",
  "phase",
  "terminal",
  "phase_version",
  "plugin_state",
  "started_at",
  "stopped_at",
  "outputs_uri",
  "error",
] as const satisfies readonly (keyof AttemptParams)[];

/** `SET col = excluded.col` for each column: an upsert's update takes the row it tried to insert. */
function excluded<K extends string>(columns: readonly K[]): Record<K, never> {
  return Object.fromEntries(columns.map((c) => [c, sql.ref(`excluded.${c}`)])) as Record<K, never>;
}

type ExecCol = (typeof EXECUTION_COLUMNS)[number];
type NodeCol = (typeof NODE_COLUMNS)[number];
type AttemptCol = (typeof ATTEMPT_COLUMNS)[number];
type Key = "project" | "domain" | "name";

/** The store's statements: written with Kysely, compiled and prepared once per connection. */
export function prepareStatements(database: SqliteDatabase) {
  const db = queryBuilder<EngineSchema>();
  const prepare = <P extends string>(q: Compilable) => new PreparedQuery<P>(database, q);
  const mutableExecCols = EXECUTION_COLUMNS.filter((c) => c !== "project" && c !== "domain" && c !== "name");
  const mutableNodeCols = NODE_COLUMNS.filter((c) => c !== "exec_id" && c !== "unique_id");
  const mutableAttemptCols = ATTEMPT_COLUMNS.filter((c) => c !== "exec_id" && c !== "node_id" && c !== "attempt");
  return {
    /** Returns the new id, or nothing when the key exists (the caller reports AlreadyExists). */
    insertExecution: prepare<ExecCol>(
      db
        .insertInto("engine_executions")
        .values(placeholders(EXECUTION_COLUMNS))
        .onConflict((oc) => oc.doNothing())
        .returning("id"),
    ),
    executionIdByKey: prepare<Key>(
      db
        .selectFrom("engine_executions")
        .select("id")
        .where("project", "=", param("project"))
        .where("domain", "=", param("domain"))
        .where("name", "=", param("name")),
    ),
    executionByKey: prepare<Key>(
      db
        .selectFrom("engine_executions as e")
        .innerJoin("engine_closures as c", "c.exec_id", "e.id")
        .selectAll("e")
        .select("c.closure")
        .where("e.project", "=", param("project"))
        .where("e.domain", "=", param("domain"))
        .where("e.name", "=", param("name")),
    ),
    putClosure: prepare<"execId" | "closure">(
      db
        .insertInto("engine_closures")
        .values({ exec_id: param("execId"), closure: param("closure") })
        .onConflict((oc) => oc.column("exec_id").doUpdateSet(excluded(["closure"]))),
    ),
    updateExecution: prepare<ExecCol | "id">(
      db.updateTable("engine_executions").set(placeholders(mutableExecCols)).where("id", "=", param("id")),
    ),
    activeExecutions: prepare<never>(
      db
        .selectFrom("engine_executions as e")
        .innerJoin("engine_closures as c", "c.exec_id", "e.id")
        .selectAll("e")
        .select("c.closure")
        .where("e.active", "=", sql.lit(1))
        .orderBy("e.id"),
    ),
    /** One row per node execution, updated in place (the row keeps its place in the table). */
    putNode: prepare<NodeCol>(
      db
        .insertInto("engine_nodes")
        .values(placeholders(NODE_COLUMNS))
        .onConflict((oc) => oc.columns(["exec_id", "unique_id"]).doUpdateSet(excluded(mutableNodeCols))),
    ),
    nodes: prepare<"execId">(db.selectFrom("engine_nodes").selectAll().where("exec_id", "=", param("execId"))),
    node: prepare<"execId" | "uniqueId">(
      db
        .selectFrom("engine_nodes")
        .selectAll()
        .where("exec_id", "=", param("execId"))
        .where("unique_id", "=", param("uniqueId")),
    ),
    attempts: prepare<"execId" | "nodeId">(
      db
        .selectFrom("engine_attempts")
        .selectAll()
        .where("exec_id", "=", param("execId"))
        .where("node_id", "=", param("nodeId"))
        .orderBy("attempt"),
    ),
    /** Inserts, or updates a stored attempt only while it is not terminal: 0 changes = refused. */
    putAttempt: prepare<AttemptCol>(
      db
        .insertInto("engine_attempts")
        .values(placeholders(ATTEMPT_COLUMNS))
        .onConflict((oc) =>
          oc
            .columns(["exec_id", "node_id", "attempt"])
            .doUpdateSet(excluded(mutableAttemptCols))
            .where("engine_attempts.terminal", "=", sql.lit(0)),
        ),
    ),
    /** The next sequence number is computed inside the insert, so it is atomic with it. */
    appendEvent: prepare<"execId" | "kind" | "payload">(
      db
        .insertInto("engine_events")
        .values({
          exec_id: param("execId"),
          seq: (eb) =>
            eb
              .selectFrom("engine_events")
              .select(sql<number>`coalesce(max(seq), 0) + 1`.as("next"))
              .where("exec_id", "=", param("execId")),
          kind: param("kind"),
          payload: param("payload"),
        })
        .returning("seq"),
    ),
    events: prepare<"execId">(
      db.selectFrom("engine_events").selectAll().where("exec_id", "=", param("execId")).orderBy("seq"),
    ),
  };
}

export type SqliteStatements = ReturnType<typeof prepareStatements>;
