import { SimpleType, type LiteralType } from "@flyte-ts/idl/gen/flyteidl/core/types_pb";
import {
  Binary,
  Bool,
  Float64,
  Int64,
  Table,
  TimestampMillisecond,
  Utf8,
  vectorFromArray,
  type DataType,
  type Vector,
} from "apache-arrow";
import type { QueryColumn } from "./sqlite-runner.js";

/** A value SQLite returned that cannot be stored in a column of the declared type. */
export class ColumnTypeError extends Error {
  constructor(
    message: string,
    readonly column: string,
  ) {
    super(message);
    this.name = "ColumnTypeError";
  }
}

type ColumnKind = "int" | "float" | "string" | "bool" | "datetime" | "binary";

/**
 * An Arrow table of query results. A column's type comes from the task's declared dataset
 * columns when it names it (integer, float, string, boolean, datetime), otherwise from the values
 * SQLite returned: all INTEGER → int64, numbers → float64, BLOB → binary, anything else → utf8.
 */
export function rowsToTable(
  columns: readonly QueryColumn[],
  rows: readonly (readonly unknown[])[],
  declared: Readonly<Record<string, LiteralType>>,
): Table {
  const vectors: Record<string, Vector> = {};
  columns.forEach((col, i) => {
    if (Object.hasOwn(vectors, col.name)) {
      throw new ColumnTypeError(
        `the query returns two columns named '${col.name}': give them distinct names with AS`,
        col.name,
      );
    }
    const values = rows.map((r) => r[i] ?? null);
    const decl = declared[col.name];
    const kind = decl ? declaredKind(decl, col.name) : inferKind(values);
    vectors[col.name] = vectorFromArray(
      values.map((v) => convert(v, kind, col.name)),
      arrowType(kind),
    ) as Vector;
  });
  return new Table(vectors);
}

function declaredKind(t: LiteralType, column: string): ColumnKind {
  if (t.type.case === "simple") {
    switch (t.type.value) {
      case SimpleType.INTEGER:
        return "int";
      case SimpleType.FLOAT:
        return "float";
      case SimpleType.STRING:
        return "string";
      case SimpleType.BOOLEAN:
        return "bool";
      case SimpleType.DATETIME:
        return "datetime";
      case SimpleType.BINARY:
        return "binary";
      case SimpleType.NONE:
      case SimpleType.DURATION:
      case SimpleType.STRUCT:
      case SimpleType.ERROR:
        break;
      default:
        break;
    }
  }
  throw new ColumnTypeError(
    `column '${column}': only integer, float, string, boolean, datetime and binary columns can be filled from SQLite`,
    column,
  );
}

function inferKind(values: readonly unknown[]): ColumnKind {
  const present = values.filter((v) => v !== null);
  if (present.length === 0) return "string";
  if (present.every((v) => typeof v === "bigint")) return "int";
  if (present.every((v) => typeof v === "bigint" || typeof v === "number")) return "float";
  if (present.every((v) => v instanceof Uint8Array)) return "binary";
  return "string";
}

function arrowType(kind: ColumnKind): DataType {
  switch (kind) {
    case "int":
      return new Int64();
    case "float":
      return new Float64();
    case "string":
      return new Utf8();
    case "bool":
      return new Bool();
    case "datetime":
      return new TimestampMillisecond();
    case "binary":
      return new Binary();
    default:
      return exhaustive(kind);
  }
}

function convert(v: unknown, kind: ColumnKind, column: string): unknown {
  if (v === null) return null;
  const bad = () => new ColumnTypeError(`column '${column}': value ${describe(v)} is not a ${kind}`, column);
  switch (kind) {
    case "int":
      if (typeof v === "bigint") return v;
      if (typeof v === "number" && Number.isInteger(v)) return BigInt(v);
      if (typeof v === "string" && /^[+-]?\d+$/.test(v.trim())) return BigInt(v.trim());
      throw bad();
    case "float":
      if (typeof v === "bigint" || typeof v === "number") return Number(v);
      if (typeof v === "string" && v.trim() !== "" && !Number.isNaN(Number(v))) return Number(v);
      throw bad();
    case "string":
      if (v instanceof Uint8Array) return Buffer.from(v).toString("utf8");
      if (typeof v === "string" || typeof v === "number" || typeof v === "bigint") return String(v);
      throw bad();
    case "bool":
      if (typeof v === "bigint" || typeof v === "number") return Number(v) !== 0;
      if (typeof v === "string" && /^(true|false|1|0)$/i.test(v.trim())) return /^(true|1)$/i.test(v.trim());
      throw bad();
    case "datetime": {
      const ms = toMillis(v);
      if (ms === undefined) throw bad();
      return ms;
    }
    case "binary":
      if (v instanceof Uint8Array) return v;
      if (typeof v === "string") return new TextEncoder().encode(v);
      throw bad();
    default:
      return exhaustive(kind);
  }
}

/** SQLite datetimes: text (`2024-01-02 03:04:05`, taken as UTC) or unix seconds. */
function toMillis(v: unknown): number | undefined {
  if (typeof v === "bigint" || typeof v === "number") return Number(v) * 1000;
  if (typeof v !== "string") return undefined;
  let s = v.trim().replace(" ", "T");
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) s += "T00:00:00";
  if (!/(Z|[+-]\d{2}:?\d{2})$/i.test(s)) s += "Z";
  const ms = Date.parse(s);
  return Number.isNaN(ms) ? undefined : ms;
}

function describe(v: unknown): string {
  if (v instanceof Uint8Array) return `a ${v.length}-byte blob`;
  return JSON.stringify(typeof v === "bigint" ? v.toString() : v);
}

function exhaustive(x: never): never {
  throw new Error(`unhandled column kind ${String(x)}`);
}
