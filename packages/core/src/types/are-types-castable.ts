import {
  SchemaType_SchemaColumn_SchemaColumnType as ColumnType,
  SimpleType,
  type LiteralType,
  type SchemaType,
  type StructuredDatasetType,
} from "@flyte-ts/idl/gen/flyteidl/core/types_pb";
import { isJsonSchemaSuperset } from "./json-schema.js";
import { typesEqualIgnoringSideInfo } from "./types-equal.js";

/**
 * Flyte's `AreTypesCastable(upstream, downstream)`: whether a value of the `upstream` (produced) type
 * may be bound where the `downstream` (expected) type is declared. The checker is chosen by the
 * downstream type; a single-variant upstream union is also tried through its only variant.
 */
export function areTypesCastable(upstream: LiteralType, downstream: LiteralType): boolean {
  if (upstream.type.case === "unionType" && upstream.type.value.variants.length === 1) {
    const only = upstream.type.value.variants[0];
    if (only !== undefined && castsFrom(downstream, only)) return true;
  }
  return castsFrom(downstream, upstream);
}

function isNone(t: LiteralType | undefined): boolean {
  return t !== undefined && t.type.case === "simple" && t.type.value === SimpleType.NONE;
}

/** The checker of the downstream type, applied to one upstream type. */
function castsFrom(down: LiteralType, up: LiteralType): boolean {
  const d = down.type;
  switch (d.case) {
    case "collectionType":
      if (up.type.case !== "collectionType") return false;
      return isNone(up.type.value) || castsFrom(d.value, up.type.value);
    case "mapValueType":
      if (up.type.case !== "mapValueType") return false;
      return isNone(up.type.value) || castsFrom(d.value, up.type.value);
    case "blob": {
      if (up.type.case !== "blob") return false;
      const a = up.type.value.format;
      const b = d.value.format;
      return a === "" || b === "" || a === b;
    }
    case "schema":
      return schemaCastsFrom(d.value, up);
    case "structuredDatasetType":
      return structuredDatasetCastsFrom(d.value, up);
    case "unionType":
      return unionCastsFrom(d.value.variants, up);
    case "simple":
      if (d.value === SimpleType.NONE) return isNone(up);
      return trivialCastsFrom(down, up);
    case "enumType":
    case undefined:
      return trivialCastsFrom(down, up);
  }
}

function unionCastsFrom(variants: readonly LiteralType[], up: LiteralType): boolean {
  if (up.type.case === "unionType") {
    // Every upstream variant must find some downstream variant.
    return up.type.value.variants.every((u) => variants.some((v) => areTypesCastable(u, v)));
  }
  // Otherwise exactly one downstream variant must accept the value: ambiguity fails.
  let found = 0;
  for (const v of variants) {
    if (areTypesCastable(up, v) && ++found > 1) return false;
  }
  return found === 1;
}

function trivialCastsFrom(down: LiteralType, up: LiteralType): boolean {
  const downIsString = down.type.case === "simple" && down.type.value === SimpleType.STRING;
  const upIsString = up.type.case === "simple" && up.type.value === SimpleType.STRING;
  if (up.type.case === "enumType" && downIsString) return true;
  if (down.type.case === "enumType" && upIsString) return true;
  const upTag = up.structure?.tag ?? "";
  if (upTag !== "" && upTag !== (down.structure?.tag ?? "")) return false;
  const downIsStruct = down.type.case === "simple" && down.type.value === SimpleType.STRUCT;
  const upIsStruct = up.type.case === "simple" && up.type.value === SimpleType.STRUCT;
  if (downIsStruct && upIsStruct) {
    const upSchema = up.metadata;
    const downSchema = down.metadata;
    // A missing JSON schema on either side is accepted for backward compatibility.
    if (!upSchema || !downSchema || Object.keys(upSchema).length === 0 || Object.keys(downSchema).length === 0) {
      return true;
    }
    return isJsonSchemaSuperset(upSchema, downSchema);
  }
  return typesEqualIgnoringSideInfo(up, down);
}

function isParquetOrEmpty(format: string): boolean {
  return format === "" || format.toLowerCase() === "parquet";
}

function schemaCastsFrom(down: SchemaType, up: LiteralType): boolean {
  if (up.type.case === "schema") {
    return columnSubset(up.type.value.columns, down.columns, (a, b) => a.type === b.type);
  }
  if (up.type.case !== "structuredDatasetType") return false;
  if (!isParquetOrEmpty(up.type.value.format)) return false;
  return columnSubset(up.type.value.columns, down.columns, (u, d) =>
    sdColumnMatchesSchemaColumn(d.type, u.literalType),
  );
}

function structuredDatasetCastsFrom(down: StructuredDatasetType, up: LiteralType): boolean {
  // Structured datasets are nullable.
  if (isNone(up)) return true;
  if (up.type.case === "schema") {
    if (!isParquetOrEmpty(down.format)) return false;
    return columnSubset(up.type.value.columns, down.columns, (u, d) =>
      sdColumnMatchesSchemaColumn(u.type, d.literalType),
    );
  }
  if (up.type.case !== "structuredDatasetType") return false;
  const a = up.type.value.format;
  const b = down.format;
  if (a !== "" && b !== "" && a.toLowerCase() !== b.toLowerCase()) return false;
  return columnSubset(
    up.type.value.columns,
    down.columns,
    (u, d) => u.literalType !== undefined && d.literalType !== undefined && castsFrom(d.literalType, u.literalType),
  );
}

/** When either side has no columns they match; otherwise downstream columns must be a matching subset. */
function columnSubset<U extends { name: string }, D extends { name: string }>(
  upstream: readonly U[],
  downstream: readonly D[],
  match: (u: U, d: D) => boolean,
): boolean {
  if (upstream.length === 0 || downstream.length === 0) return true;
  const byName = new Map<string, U>();
  for (const c of upstream) byName.set(c.name, c);
  return downstream.every((d) => {
    const u = byName.get(d.name);
    return u !== undefined && match(u, d);
  });
}

const schemaColumnToSimple: Record<ColumnType, SimpleType | undefined> = {
  [ColumnType.INTEGER]: SimpleType.INTEGER,
  [ColumnType.FLOAT]: SimpleType.FLOAT,
  [ColumnType.STRING]: SimpleType.STRING,
  [ColumnType.BOOLEAN]: SimpleType.BOOLEAN,
  [ColumnType.DATETIME]: SimpleType.DATETIME,
  [ColumnType.DURATION]: SimpleType.DURATION,
};

function sdColumnMatchesSchemaColumn(column: ColumnType, t: LiteralType | undefined): boolean {
  const simple = schemaColumnToSimple[column];
  return simple !== undefined && t !== undefined && t.type.case === "simple" && t.type.value === simple;
}
