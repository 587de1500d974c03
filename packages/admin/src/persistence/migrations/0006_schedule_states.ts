import type { ColumnDefinitionBuilder, Kysely } from "kysely";
import { columnTypes } from "./column-types.js";
import type { DialectName, Migration } from "./migration.js";

const req = (c: ColumnDefinitionBuilder) => c.notNull();
const text = (c: ColumnDefinitionBuilder) => c.notNull().defaultTo("");

/**
 * The scheduler's cursor: per launch plan name (whichever version is active), the latest fire time
 * it has launched or deliberately skipped, so a restart knows which slots it missed. Written with
 * "only move forward", so two schedulers on one database never move it back.
 */
export const migration0006: Migration = {
  version: 6,
  name: "schedule_states",
  async up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
    const ty = columnTypes[dialect];
    await db.schema
      .createTable("schedule_states")
      .addColumn("project", ty.text, req)
      .addColumn("domain", ty.text, req)
      .addColumn("name", ty.text, req)
      // The launch plan version whose schedule produced `last_slot`.
      .addColumn("version", ty.text, text)
      .addColumn("last_slot", ty.bigint, req)
      // The execution launched for `last_slot` ("" when that slot was skipped by the catch-up policy).
      .addColumn("last_execution", ty.text, text)
      // The last launch failure ("" after a success).
      .addColumn("last_error", ty.text, text)
      .addColumn("updated_at", ty.bigint, req)
      .addPrimaryKeyConstraint("schedule_states_pk", ["project", "domain", "name"])
      .execute();
  },
};
