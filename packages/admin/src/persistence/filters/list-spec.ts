/** How a filter value is converted to the stored value of a column. */
export type ColumnType =
  | { kind: "string" }
  | { kind: "int" }
  /** Epoch-ms column; filter values are RFC 3339 timestamps (or epoch ms). */
  | { kind: "timestamp" }
  /** Milliseconds column; filter values are seconds (`200`, `1.5`) or Go durations (`1h30m`). */
  | { kind: "duration" }
  /** 0/1 column; filter values `true`/`false`/`1`/`0`. */
  | { kind: "bool" }
  /** Enum stored as its number; filter values may be the number or the name. */
  | { kind: "enum"; values: Readonly<Record<string, number>> }
  /** Enum stored as its name (phases); filter values must be one of the names. */
  | { kind: "name"; names: readonly string[] };

/** A table related to the listed one (an execution's tags), filtered through EXISTS. */
export interface RelatedTable {
  table: string;
  /** The listed table's name, to qualify the join columns. */
  outer: string;
  /** `[listed table column, related table column]` pairs that join the two. */
  join: readonly (readonly [string, string])[];
}

export interface ColumnSpec {
  column: string;
  type: ColumnType;
  /** Set when the column is in a related table; such fields filter but cannot sort. */
  related?: RelatedTable;
}

export type SortDirection = "ASCENDING" | "DESCENDING";

/**
 * What a list query of one entity may filter and sort on. Keys of `columns` are the field names
 * clients use: plain (`phase`), or qualified by a joinable entity (`launch_plan.name`). A field
 * qualified by the entity itself (`execution.phase`) is the same as the plain one.
 */
export interface ListSpec {
  entity: string;
  columns: Readonly<Record<string, ColumnSpec>>;
  defaultSort: { key: string; direction: SortDirection };
  /** Columns appended to every ORDER BY so that offset pages are stable. */
  tieBreak: readonly string[];
}

export const STRING: ColumnType = { kind: "string" };
export const INT: ColumnType = { kind: "int" };
export const TIMESTAMP: ColumnType = { kind: "timestamp" };
export const BOOL: ColumnType = { kind: "bool" };
export const DURATION: ColumnType = { kind: "duration" };

export const col = (column: string, type: ColumnType = STRING): ColumnSpec => ({ column, type });

/** Enum names of a protobuf-es generated enum (numeric members only). */
export function enumValues(e: Record<string, string | number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(e)) if (typeof v === "number") out[k] = v;
  return out;
}
