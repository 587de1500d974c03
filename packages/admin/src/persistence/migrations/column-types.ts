import { sql, type ColumnDataType, type Expression } from "kysely";
import type { DialectName } from "./migration.js";

type DataType = ColumnDataType | Expression<unknown>;

/** Column types that differ between SQLite and PostgreSQL. */
export interface ColumnTypes {
  /** Protobuf bytes. */
  bytes: DataType;
  /** Epoch milliseconds and other 64-bit integers. */
  bigint: DataType;
  /** An auto-incrementing 64-bit primary key. */
  serial: DataType;
}

export const columnTypes: Record<DialectName, ColumnTypes> = {
  sqlite: { bytes: "blob", bigint: "integer", serial: "integer" },
  postgres: { bytes: "bytea", bigint: "bigint", serial: sql`bigserial` },
};
