import { sql, type ColumnDataType, type Expression } from "kysely";
import type { DialectName } from "./migration.js";

type DataType = ColumnDataType | Expression<unknown>;

/** Column types that differ between SQLite and PostgreSQL. */
export interface ColumnTypes {
  /**
   * Text compared and sorted by code point on both dialects: SQLite's default BINARY collation,
   * and `COLLATE "C"` on PostgreSQL (whose default collation is usually linguistic, so `Zeta`
   * would sort after `alpha` there and before it in SQLite).
   */
  text: DataType;
  /** Protobuf bytes. */
  bytes: DataType;
  /** Epoch milliseconds and other 64-bit integers. */
  bigint: DataType;
  /** An auto-incrementing 64-bit primary key. */
  serial: DataType;
}

export const columnTypes: Record<DialectName, ColumnTypes> = {
  sqlite: { text: "text", bytes: "blob", bigint: "integer", serial: "integer" },
  postgres: { text: sql`text collate "C"`, bytes: "bytea", bigint: "bigint", serial: sql`bigserial` },
};
