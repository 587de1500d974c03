import { sql, type ColumnDefinitionBuilder, type Kysely } from "kysely";
import { columnTypes } from "./column-types.js";
import type { DialectName, Migration } from "./migration.js";

const req = (c: ColumnDefinitionBuilder) => c.notNull();

/**
 * DataCatalog tags as Flyte keys them: (dataset, tag name, artifact). The same tag name may be
 * added to several artifacts of a dataset; a lookup by tag takes the newest. (0002 allowed one
 * artifact per tag name.) The table is rebuilt because SQLite cannot change a primary key; the
 * rows are kept.
 */
export const migration0005: Migration = {
  version: 5,
  name: "catalog_tags_per_artifact",
  async up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
    const ty = columnTypes[dialect];
    await db.schema.alterTable("catalog_tags").renameTo("catalog_tags_0002").execute();
    await db.schema
      .createTable("catalog_tags")
      .addColumn("dataset_uuid", ty.text, req)
      .addColumn("tag_name", ty.text, req)
      .addColumn("artifact_id", ty.text, req)
      .addColumn("created_at", ty.bigint, req)
      .addPrimaryKeyConstraint("catalog_tags_artifact_pk", ["dataset_uuid", "tag_name", "artifact_id"])
      .execute();
    await sql`insert into catalog_tags (dataset_uuid, tag_name, artifact_id, created_at)
      select dataset_uuid, tag_name, artifact_id, created_at from catalog_tags_0002`.execute(db);
    // Dropping the old table drops its indexes (catalog_tags_pk, catalog_tags_artifact_idx).
    await db.schema.dropTable("catalog_tags_0002").execute();
    // Newest artifact for a tag name; an artifact's tags.
    await db.schema
      .createIndex("catalog_tags_newest_idx")
      .on("catalog_tags")
      .columns(["dataset_uuid", "tag_name", "created_at"])
      .execute();
    await db.schema
      .createIndex("catalog_tags_artifact_idx")
      .on("catalog_tags")
      .columns(["dataset_uuid", "artifact_id"])
      .execute();
  },
};
