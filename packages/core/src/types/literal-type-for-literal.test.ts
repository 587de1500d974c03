import { create } from "@bufbuild/protobuf";
import { literals, types } from "@flyte-ts/idl";
import { LiteralSchema } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import type { LiteralType } from "@flyte-ts/idl/gen/flyteidl/core/types_pb";
import { describe, expect, it } from "vitest";
import { literalTypeForLiteral } from "./literal-type-for-literal.js";
import { typesEqual } from "./types-equal.js";

function expectType(actual: LiteralType | undefined, expected: LiteralType): void {
  expect(actual).toBeDefined();
  expect(typesEqual(actual, expected)).toBe(true);
}

describe("literalTypeForLiteral", () => {
  it("maps primitives to simple types", () => {
    expectType(literalTypeForLiteral(literals.integer(1)), types.integer());
    expectType(literalTypeForLiteral(literals.float(1.5)), types.float());
    expectType(literalTypeForLiteral(literals.string("s")), types.string());
    expectType(literalTypeForLiteral(literals.boolean(true)), types.boolean());
    expectType(literalTypeForLiteral(literals.datetime(new Date(0))), types.datetime());
    expectType(literalTypeForLiteral(literals.duration(5)), types.duration());
  });

  it("types none as NONE, generic as STRUCT, blobs by their metadata", () => {
    expectType(literalTypeForLiteral(literals.none()), types.none());
    expectType(literalTypeForLiteral(literals.generic({ a: 1 })), types.struct());
    expectType(literalTypeForLiteral(literals.blob("s3://b/k", "csv")), types.blob("csv"));
  });

  it("types msgpack binary as STRUCT and any other binary as BINARY", () => {
    expectType(literalTypeForLiteral(literals.binary(new Uint8Array([1]), "msgpack")), types.struct());
    expectType(literalTypeForLiteral(literals.binary(new Uint8Array([1]), "")), types.binary());
    expectType(literalTypeForLiteral(literals.binary(new Uint8Array([1]), "pickle")), types.binary());
  });

  it("types a union scalar as a union with its one variant", () => {
    expectType(
      literalTypeForLiteral(literals.union(literals.integer(1), types.integer())),
      types.union([types.integer()]),
    );
  });

  it("types an empty collection as a collection of NONE and an empty map as a map of NONE", () => {
    expectType(literalTypeForLiteral(literals.collection([])), types.collection(types.none()));
    expectType(literalTypeForLiteral(literals.map({})), types.map(types.none()));
  });

  it("types agreeing members as their common type", () => {
    expectType(
      literalTypeForLiteral(literals.collection([literals.integer(1), literals.integer(2)])),
      types.collection(types.integer()),
    );
    expectType(literalTypeForLiteral(literals.map({ a: literals.string("x") })), types.map(types.string()));
  });

  it("types disagreeing members as a sorted union of the distinct types, independent of order", () => {
    const a = literalTypeForLiteral(
      literals.collection([literals.integer(1), literals.string("x"), literals.integer(3)]),
    );
    const b = literalTypeForLiteral(literals.collection([literals.string("y"), literals.integer(2)]));
    expect(typesEqual(a, b)).toBe(true);
    expect(a?.type.case).toBe("collectionType");
    const el = a?.type.case === "collectionType" ? a.type.value : undefined;
    expect(el?.type.case === "unionType" ? el.type.value.variants.length : 0).toBe(2);
  });

  it("flattens member unions into one union", () => {
    const t = literalTypeForLiteral(
      literals.collection([literals.union(literals.integer(1), types.integer()), literals.string("x")]),
    );
    const el = t?.type.case === "collectionType" ? t.type.value : undefined;
    const variants = el?.type.case === "unionType" ? el.type.value.variants : [];
    expect(variants.map((v) => v.type.case)).toEqual(["simple", "simple"]);
  });

  it("returns undefined for an unset literal", () => {
    expect(literalTypeForLiteral(create(LiteralSchema))).toBeUndefined();
  });
});
