import type { ColumnDefinitionBuilder, Kysely } from "kysely";
import { columnTypes, type ColumnTypes } from "./column-types.js";
import type { DialectName, Migration } from "./migration.js";

const text = (c: ColumnDefinitionBuilder) => c.notNull().defaultTo("");
const req = (c: ColumnDefinitionBuilder) => c.notNull();

async function attributesAndSignals(db: Kysely<unknown>, ty: ColumnTypes): Promise<void> {
  await db.schema
    .createTable("matchable_attributes")
    .addColumn("project", ty.text, text)
    .addColumn("domain", ty.text, text)
    .addColumn("workflow", ty.text, text)
    .addColumn("launch_plan", ty.text, text)
    .addColumn("resource_type", ty.text, req)
    .addColumn("priority", "integer", req)
    .addColumn("attributes", ty.bytes, req)
    .addColumn("created_at", ty.bigint, req)
    .addColumn("updated_at", ty.bigint, req)
    .addPrimaryKeyConstraint("matchable_attributes_pk", [
      "project",
      "domain",
      "workflow",
      "launch_plan",
      "resource_type",
    ])
    .execute();
  await db.schema
    .createIndex("matchable_attributes_type_idx")
    .on("matchable_attributes")
    .columns(["resource_type", "project", "priority"])
    .execute();
  await db.schema
    .createTable("signals")
    .addColumn("project", ty.text, req)
    .addColumn("domain", ty.text, req)
    .addColumn("name", ty.text, req)
    .addColumn("signal_id", ty.text, req)
    .addColumn("type", ty.bytes, req)
    .addColumn("value", ty.bytes)
    .addColumn("created_at", ty.bigint, req)
    .addColumn("updated_at", ty.bigint, req)
    .addPrimaryKeyConstraint("signals_pk", ["project", "domain", "name", "signal_id"])
    .execute();
}

async function catalog(db: Kysely<unknown>, ty: ColumnTypes): Promise<void> {
  await db.schema
    .createTable("datasets")
    .addColumn("project", ty.text, req)
    .addColumn("name", ty.text, req)
    .addColumn("domain", ty.text, req)
    .addColumn("version", ty.text, req)
    .addColumn("uuid", ty.text, (c) => c.notNull().unique())
    .addColumn("metadata", ty.bytes)
    .addColumn("partition_keys", ty.text, text)
    .addColumn("created_at", ty.bigint, req)
    .addPrimaryKeyConstraint("datasets_pk", ["project", "name", "domain", "version"])
    .execute();
  await db.schema
    .createTable("artifacts")
    .addColumn("dataset_uuid", ty.text, req)
    .addColumn("artifact_id", ty.text, req)
    .addColumn("metadata", ty.bytes)
    .addColumn("created_at", ty.bigint, req)
    .addPrimaryKeyConstraint("artifacts_pk", ["dataset_uuid", "artifact_id"])
    .execute();
  await db.schema
    .createIndex("artifacts_created_idx")
    .on("artifacts")
    .columns(["dataset_uuid", "created_at"])
    .execute();
  await db.schema
    .createTable("artifact_data")
    .addColumn("dataset_uuid", ty.text, req)
    .addColumn("artifact_id", ty.text, req)
    .addColumn("name", ty.text, req)
    .addColumn("location", ty.text, req)
    .addPrimaryKeyConstraint("artifact_data_pk", ["dataset_uuid", "artifact_id", "name"])
    .execute();
  await db.schema
    .createTable("catalog_tags")
    .addColumn("dataset_uuid", ty.text, req)
    .addColumn("tag_name", ty.text, req)
    .addColumn("artifact_id", ty.text, req)
    .addColumn("created_at", ty.bigint, req)
    .addPrimaryKeyConstraint("catalog_tags_pk", ["dataset_uuid", "tag_name"])
    .execute();
  await db.schema
    .createTable("partitions")
    .addColumn("dataset_uuid", ty.text, req)
    .addColumn("artifact_id", ty.text, req)
    .addColumn("key", ty.text, req)
    .addColumn("value", ty.text, req)
    .addPrimaryKeyConstraint("partitions_pk", ["dataset_uuid", "artifact_id", "key"])
    .execute();
  await db.schema
    .createIndex("partitions_value_idx")
    .on("partitions")
    .columns(["dataset_uuid", "key", "value"])
    .execute();
  await db.schema
    .createTable("reservations")
    .addColumn("dataset_project", ty.text, req)
    .addColumn("dataset_name", ty.text, req)
    .addColumn("dataset_domain", ty.text, req)
    .addColumn("dataset_version", ty.text, req)
    .addColumn("tag_name", ty.text, req)
    .addColumn("owner_id", ty.text, req)
    .addColumn("expires_at", ty.bigint, req)
    .addColumn("created_at", ty.bigint, req)
    .addColumn("updated_at", ty.bigint, req)
    .addPrimaryKeyConstraint("reservations_pk", [
      "dataset_project",
      "dataset_name",
      "dataset_domain",
      "dataset_version",
      "tag_name",
    ])
    .execute();
}

/** Matchable attributes, signals and the DataCatalog tables. */
export const migration0002: Migration = {
  version: 2,
  name: "attributes_signals_catalog",
  async up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
    const ty = columnTypes[dialect];
    await attributesAndSignals(db, ty);
    await catalog(db, ty);
  },
};
