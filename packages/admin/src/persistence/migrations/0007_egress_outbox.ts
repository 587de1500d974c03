import type { Kysely } from "kysely";
import { columnTypes } from "./column-types.js";
import type { DialectName, Migration } from "./migration.js";

/**
 * The event egress outbox (one row per accepted execution event, written in the event's
 * transaction) and one cursor per sink (the last outbox seq the sink has acknowledged).
 * SQLite's `AUTOINCREMENT` keeps seqs from being reused after the outbox is pruned empty.
 */
export const migration0007: Migration = {
  version: 7,
  name: "egress_outbox",
  async up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
    const ty = columnTypes[dialect];
    await db.schema
      .createTable("egress_outbox")
      .addColumn("seq", dialect === "sqlite" ? "integer" : ty.serial, (c) =>
        dialect === "sqlite" ? c.primaryKey().autoIncrement() : c.primaryKey(),
      )
      .addColumn("project", ty.text, (c) => c.notNull())
      .addColumn("domain", ty.text, (c) => c.notNull())
      .addColumn("name", ty.text, (c) => c.notNull())
      .addColumn("event_seq", ty.bigint, (c) => c.notNull())
      .addColumn("cloud_event", ty.text, (c) => c.notNull())
      .addColumn("created_at", ty.bigint, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable("egress_cursors")
      .addColumn("sink", ty.text, (c) => c.primaryKey())
      .addColumn("last_seq", ty.bigint, (c) => c.notNull())
      .addColumn("updated_at", ty.bigint, (c) => c.notNull())
      .execute();
  },
};
