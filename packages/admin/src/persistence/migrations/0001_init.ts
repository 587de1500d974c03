import type { ColumnDefinitionBuilder, CreateTableBuilder, Kysely } from "kysely";
import { columnTypes, type ColumnTypes } from "./column-types.js";
import type { DialectName, Migration } from "./migration.js";

type Table = CreateTableBuilder<string, string>;
const create = (db: Kysely<unknown>, name: string): Table => db.schema.createTable(name);
const text = (c: ColumnDefinitionBuilder) => c.notNull().defaultTo("");
const req = (c: ColumnDefinitionBuilder) => c.notNull();

/** project/domain/name/version + digest + created_at, shared by the versioned entities. */
function versioned(t: Table, ty: ColumnTypes): Table {
  return t
    .addColumn("project", ty.text, req)
    .addColumn("domain", ty.text, req)
    .addColumn("name", ty.text, req)
    .addColumn("version", ty.text, req)
    .addColumn("digest", ty.text, text)
    .addColumn("created_at", ty.bigint, req);
}

function executionKey(t: Table, ty: ColumnTypes): Table {
  return t.addColumn("project", ty.text, req).addColumn("domain", ty.text, req).addColumn("name", ty.text, req);
}

function timing(t: Table, ty: ColumnTypes): Table {
  return t
    .addColumn("started_at", ty.bigint)
    .addColumn("duration_ms", ty.bigint)
    .addColumn("created_at", ty.bigint, req)
    .addColumn("updated_at", ty.bigint, req);
}

async function registry(db: Kysely<unknown>, ty: ColumnTypes): Promise<void> {
  await db.schema
    .createTable("projects")
    .addColumn("id", ty.text, (c) => c.primaryKey())
    .addColumn("name", ty.text, text)
    .addColumn("description", ty.text, text)
    .addColumn("labels", ty.bytes)
    .addColumn("state", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", ty.bigint, req)
    .addColumn("updated_at", ty.bigint, req)
    .execute();
  await db.schema
    .createTable("named_entities")
    .addColumn("resource_type", "integer", req)
    .addColumn("project", ty.text, req)
    .addColumn("domain", ty.text, req)
    .addColumn("name", ty.text, req)
    .addColumn("description", ty.text, text)
    .addColumn("state", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", ty.bigint, req)
    .addColumn("updated_at", ty.bigint, req)
    .addPrimaryKeyConstraint("named_entities_pk", ["resource_type", "project", "domain", "name"])
    .execute();
  await versioned(create(db, "tasks"), ty)
    .addColumn("task_type", ty.text, text)
    .addColumn("short_description", ty.text, text)
    .addColumn("closure", ty.bytes, req)
    .addPrimaryKeyConstraint("tasks_pk", ["project", "domain", "name", "version"])
    .execute();
  await versioned(create(db, "workflows"), ty)
    .addColumn("short_description", ty.text, text)
    .addColumn("closure", ty.bytes, req)
    .addPrimaryKeyConstraint("workflows_pk", ["project", "domain", "name", "version"])
    .execute();
  await versioned(create(db, "launch_plans"), ty)
    .addColumn("workflow_project", ty.text, text)
    .addColumn("workflow_domain", ty.text, text)
    .addColumn("workflow_name", ty.text, text)
    .addColumn("workflow_version", ty.text, text)
    .addColumn("spec", ty.bytes, req)
    .addColumn("closure", ty.bytes, req)
    .addColumn("state", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("schedule_type", ty.text, text)
    .addColumn("schedule_expression", ty.text, text)
    .addColumn("kickoff_time_input_arg", ty.text, text)
    .addColumn("updated_at", ty.bigint, req)
    .addPrimaryKeyConstraint("launch_plans_pk", ["project", "domain", "name", "version"])
    .execute();
  await versioned(create(db, "description_entities"), ty)
    .addColumn("resource_type", "integer", req)
    .addColumn("short_description", ty.text, text)
    .addColumn("entity", ty.bytes, req)
    .addPrimaryKeyConstraint("description_entities_pk", ["resource_type", "project", "domain", "name", "version"])
    .execute();
  for (const table of ["tasks", "workflows", "launch_plans"]) {
    await db.schema
      .createIndex(`${table}_listing_idx`)
      .on(table)
      .columns(["project", "domain", "name", "created_at"])
      .execute();
  }
  await db.schema
    .createIndex("launch_plans_state_idx")
    .on("launch_plans")
    .columns(["project", "domain", "state"])
    .execute();
}

async function executions(db: Kysely<unknown>, ty: ColumnTypes): Promise<void> {
  let t = executionKey(create(db, "executions"), ty).addColumn("phase", ty.text, req);
  for (const entity of ["launch_plan", "workflow"]) {
    for (const part of ["project", "domain", "name", "version"]) t = t.addColumn(`${entity}_${part}`, ty.text, text);
  }
  t = t
    .addColumn("task_name", ty.text, text)
    .addColumn("mode", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("principal", ty.text, text);
  for (const col of ["parent_project", "parent_domain", "parent_name", "parent_node_id"]) t = t.addColumn(col, ty.text);
  for (const col of ["reference_project", "reference_domain", "reference_name"]) t = t.addColumn(col, ty.text);
  t = timing(t.addColumn("cluster", ty.text, text), ty)
    .addColumn("state", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("spec", ty.bytes, req)
    .addColumn("closure", ty.bytes, req)
    .addColumn("error_kind", ty.text, text)
    .addColumn("error_code", ty.text, text)
    .addColumn("inputs_uri", ty.text, text)
    .addColumn("user_inputs_uri", ty.text, text);
  await t.addPrimaryKeyConstraint("executions_pk", ["project", "domain", "name"]).execute();
  const idx = (name: string, cols: string[]) => db.schema.createIndex(name).on("executions").columns(cols).execute();
  await idx("executions_created_idx", ["project", "domain", "created_at"]);
  await idx("executions_phase_idx", ["project", "domain", "phase", "created_at"]);
  await idx("executions_launch_plan_idx", ["launch_plan_project", "launch_plan_domain", "launch_plan_name", "phase"]);
  await idx("executions_parent_idx", ["parent_project", "parent_domain", "parent_name", "parent_node_id"]);

  await executionKey(create(db, "execution_tags"), ty)
    .addColumn("tag", ty.text, req)
    .addPrimaryKeyConstraint("execution_tags_pk", ["project", "domain", "name", "tag"])
    .execute();
  await db.schema.createIndex("execution_tags_tag_idx").on("execution_tags").columns(["tag"]).execute();

  await timing(
    executionKey(create(db, "node_executions"), ty)
      .addColumn("node_id", ty.text, req)
      .addColumn("parent_node_id", ty.text)
      .addColumn("spec_node_id", ty.text, text)
      .addColumn("retry_group", ty.text, text)
      .addColumn("phase", ty.text, req)
      .addColumn("is_parent", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("is_dynamic", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("is_array", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("input_uri", ty.text, text)
      .addColumn("closure", ty.bytes, req)
      .addColumn("error_kind", ty.text, text)
      .addColumn("error_code", ty.text, text),
    ty,
  )
    .addPrimaryKeyConstraint("node_executions_pk", ["project", "domain", "name", "node_id"])
    .execute();
  await db.schema
    .createIndex("node_executions_parent_idx")
    .on("node_executions")
    .columns(["project", "domain", "name", "parent_node_id", "created_at"])
    .execute();

  await timing(
    executionKey(create(db, "task_executions"), ty)
      .addColumn("node_id", ty.text, req)
      .addColumn("task_project", ty.text, req)
      .addColumn("task_domain", ty.text, req)
      .addColumn("task_name", ty.text, req)
      .addColumn("task_version", ty.text, req)
      .addColumn("retry_attempt", "integer", req)
      .addColumn("phase", ty.text, req)
      .addColumn("phase_version", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("is_parent", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("input_uri", ty.text, text)
      .addColumn("closure", ty.bytes, req),
    ty,
  )
    .addPrimaryKeyConstraint("task_executions_pk", [
      "project",
      "domain",
      "name",
      "node_id",
      "task_project",
      "task_domain",
      "task_name",
      "task_version",
      "retry_attempt",
    ])
    .execute();

  await db.schema
    .createTable("events")
    .addColumn("seq", ty.serial, (c) => c.primaryKey())
    .addColumn("project", ty.text, req)
    .addColumn("domain", ty.text, req)
    .addColumn("name", ty.text, req)
    .addColumn("kind", ty.text, req)
    .addColumn("node_id", ty.text)
    .addColumn("retry_attempt", "integer")
    .addColumn("phase", ty.text, req)
    .addColumn("occurred_at", ty.bigint)
    .addColumn("event", ty.bytes, req)
    .addColumn("created_at", ty.bigint, req)
    .execute();
  await db.schema
    .createIndex("events_execution_idx")
    .on("events")
    .columns(["project", "domain", "name", "seq"])
    .execute();
}

/** Projects, named entities, versioned entities, executions and their history. */
export const migration0001: Migration = {
  version: 1,
  name: "init",
  async up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
    const ty = columnTypes[dialect];
    await registry(db, ty);
    await executions(db, ty);
  },
};
