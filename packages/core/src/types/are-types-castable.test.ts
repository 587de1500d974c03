import { create } from "@bufbuild/protobuf";
import type { JsonObject } from "@bufbuild/protobuf";
import { types } from "@flyte-ts/idl";
import {
  LiteralTypeSchema,
  SchemaType_SchemaColumn_SchemaColumnType as Col,
  SchemaTypeSchema,
  SimpleType,
  TypeStructureSchema,
  type LiteralType,
} from "@flyte-ts/idl/gen/flyteidl/core/types_pb";
import { describe, expect, it } from "vitest";
import { areTypesCastable } from "./are-types-castable.js";

const { integer, float, string, none, boolean } = types;

function schema(columns: { name: string; type: Col }[] = []): LiteralType {
  return create(LiteralTypeSchema, { type: { case: "schema", value: create(SchemaTypeSchema, { columns }) } });
}
function tagged(t: LiteralType, tag: string): LiteralType {
  return create(LiteralTypeSchema, { ...t, structure: create(TypeStructureSchema, { tag }) });
}
function struct(schemaJson?: JsonObject): LiteralType {
  return types.struct(schemaJson);
}
const can = (up: LiteralType, down: LiteralType): boolean => areTypesCastable(up, down);

describe("areTypesCastable", () => {
  it("simple types cast only to themselves; INTEGER and FLOAT never convert", () => {
    expect(can(integer(), integer())).toBe(true);
    expect(can(integer(), float())).toBe(false);
    expect(can(float(), integer())).toBe(false);
    expect(can(string(), boolean())).toBe(false);
  });

  it("a single-variant upstream union is tried through its only variant", () => {
    expect(can(types.union([integer()]), integer())).toBe(true);
    expect(can(types.union([integer(), string()]), integer())).toBe(false);
  });

  it("collections cast recursively; an empty collection (of NONE) matches any collection", () => {
    expect(can(types.collection(integer()), types.collection(integer()))).toBe(true);
    expect(can(types.collection(integer()), types.collection(string()))).toBe(false);
    expect(can(types.collection(none()), types.collection(string()))).toBe(true);
    expect(can(integer(), types.collection(integer()))).toBe(false);
    expect(can(types.collection(types.collection(integer())), types.collection(types.collection(integer())))).toBe(
      true,
    );
  });

  it("maps cast on their value type; an empty map (NONE values) matches any map", () => {
    expect(can(types.map(integer()), types.map(integer()))).toBe(true);
    expect(can(types.map(integer()), types.map(float()))).toBe(false);
    expect(can(types.map(none()), types.map(float()))).toBe(true);
    expect(can(types.collection(integer()), types.map(integer()))).toBe(false);
  });

  it("blobs match when either format is empty or both are equal; dimensionality is not compared", () => {
    expect(can(types.blob("csv"), types.blob("csv"))).toBe(true);
    expect(can(types.blob(""), types.blob("csv"))).toBe(true);
    expect(can(types.blob("csv"), types.blob(""))).toBe(true);
    expect(can(types.blob("csv"), types.blob("parquet"))).toBe(false);
    expect(can(types.blob("csv", "multipart"), types.blob("csv", "single"))).toBe(true);
    expect(can(string(), types.blob(""))).toBe(false);
  });

  it("schema: column subset with identical types; either side without columns matches", () => {
    const ab = schema([
      { name: "a", type: Col.INTEGER },
      { name: "b", type: Col.STRING },
    ]);
    expect(can(ab, schema([{ name: "a", type: Col.INTEGER }]))).toBe(true);
    expect(can(ab, schema())).toBe(true);
    expect(can(schema(), ab)).toBe(true);
    expect(can(ab, schema([{ name: "a", type: Col.FLOAT }]))).toBe(false);
    expect(can(ab, schema([{ name: "c", type: Col.INTEGER }]))).toBe(false);
  });

  it("schema accepts a structured dataset only when its format is empty or parquet", () => {
    const sd = types.structuredDataset("parquet", [{ name: "a", type: integer() }]);
    expect(can(sd, schema([{ name: "a", type: Col.INTEGER }]))).toBe(true);
    expect(can(types.structuredDataset("", []), schema())).toBe(true);
    expect(can(types.structuredDataset("csv", []), schema())).toBe(false);
    expect(can(sd, schema([{ name: "a", type: Col.STRING }]))).toBe(false);
  });

  it("structured dataset: formats case-insensitive, NONE upstream is nullable, column subset casts recursively", () => {
    expect(can(types.structuredDataset("PARQUET"), types.structuredDataset("parquet"))).toBe(true);
    expect(can(types.structuredDataset("csv"), types.structuredDataset("parquet"))).toBe(false);
    expect(can(types.structuredDataset(""), types.structuredDataset("csv"))).toBe(true);
    expect(can(none(), types.structuredDataset("parquet"))).toBe(true);
    const up = types.structuredDataset("parquet", [
      { name: "a", type: types.collection(integer()) },
      { name: "b", type: string() },
    ]);
    expect(can(up, types.structuredDataset("parquet", [{ name: "a", type: types.collection(integer()) }]))).toBe(true);
    expect(can(up, types.structuredDataset("parquet", [{ name: "a", type: types.collection(float()) }]))).toBe(false);
    expect(can(up, types.structuredDataset("parquet", [{ name: "z", type: string() }]))).toBe(false);
    expect(can(string(), types.structuredDataset("parquet"))).toBe(false);
  });

  it("structured dataset accepts a schema when its own format is empty or parquet", () => {
    const s = schema([{ name: "a", type: Col.INTEGER }]);
    expect(can(s, types.structuredDataset("parquet", [{ name: "a", type: integer() }]))).toBe(true);
    expect(can(s, types.structuredDataset("csv"))).toBe(false);
    expect(can(s, types.structuredDataset("", [{ name: "a", type: string() }]))).toBe(false);
  });

  it("union downstream from a non-union: exactly one variant must accept (ambiguity fails)", () => {
    expect(can(integer(), types.optional(integer()))).toBe(true);
    expect(can(none(), types.optional(integer()))).toBe(true);
    expect(can(float(), types.optional(integer()))).toBe(false);
    // a blob without format matches both blob variants: ambiguous
    expect(can(types.blob(""), types.union([types.blob("csv"), types.blob("json")]))).toBe(false);
  });

  it("union downstream from a union: every upstream variant must cast to some downstream variant", () => {
    expect(can(types.union([integer(), string()]), types.union([string(), integer(), none()]))).toBe(true);
    expect(can(types.union([integer(), float()]), types.union([integer(), string()]))).toBe(false);
  });

  it("NONE downstream accepts only NONE", () => {
    expect(can(none(), none())).toBe(true);
    expect(can(integer(), none())).toBe(false);
    expect(can(types.optional(integer()), none())).toBe(false);
  });

  it("enum casts to STRING and STRING to enum", () => {
    const e = types.enum(["red", "green"]);
    expect(can(e, string())).toBe(true);
    expect(can(string(), e)).toBe(true);
    expect(can(e, types.enum(["red", "green"]))).toBe(true);
    expect(can(e, types.enum(["red"]))).toBe(false);
    expect(can(e, integer())).toBe(false);
  });

  it("an upstream structure.tag must equal the downstream tag", () => {
    expect(can(tagged(struct(), "A"), tagged(struct(), "A"))).toBe(true);
    expect(can(tagged(struct(), "A"), tagged(struct(), "B"))).toBe(false);
    expect(can(tagged(struct(), "A"), struct())).toBe(false);
    expect(can(struct(), tagged(struct(), "B"))).toBe(true);
  });

  it("STRUCT to STRUCT compares JSON schemas: equal or upstream superset; a missing schema is accepted", () => {
    const small: JsonObject = { type: "object", properties: { a: { type: "integer" } }, required: ["a"] };
    const big: JsonObject = {
      type: "object",
      properties: { a: { type: "integer" }, b: { type: "string" } },
      required: ["a", "b"],
    };
    expect(can(struct(small), struct(small))).toBe(true);
    expect(can(struct(big), struct(small))).toBe(true);
    expect(can(struct(small), struct(big))).toBe(false);
    expect(can(struct(), struct(big))).toBe(true);
    expect(can(struct(big), struct())).toBe(true);
    const other: JsonObject = { type: "object", properties: { a: { type: "string" } } };
    expect(can(struct(other), struct(small))).toBe(false);
  });

  it("other types must be structurally identical once metadata, annotation and structure are cleared", () => {
    const withMeta = types.simple(SimpleType.INTEGER, { note: "x" });
    expect(can(withMeta, integer())).toBe(true);
    expect(can(integer(), withMeta)).toBe(true);
    expect(can(types.simple(SimpleType.DATETIME), types.simple(SimpleType.DURATION))).toBe(false);
    expect(can(struct(), types.binary())).toBe(false);
  });
});
