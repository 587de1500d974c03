import { fromBinary, toJson } from "@bufbuild/protobuf";
import { literals } from "@flyte-ts/idl";
import { LiteralSchema } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { LiteralTypeSchema } from "@flyte-ts/idl/gen/flyteidl/core/types_pb";
import { describe, expect, it } from "vitest";
import { memoryDataAccess } from "./memory-data-access.js";
import { inferLiteralType, offloadIfLarge } from "./offload.js";
import { t } from "./t.js";

describe("offloading", () => {
  it("keeps small literals inline", async () => {
    const data = memoryDataAccess();
    const literal = literals.integer(1);
    expect(await offloadIfLarge(literal, { what: "x", data }, 1024)).toBe(literal);
    expect(data.objects.size).toBe(0);
  });

  it("stores a large literal as a Literal protobuf and reads it back transparently", async () => {
    const data = memoryDataAccess();
    const ctx = { what: "output 'o0' of task 'big'", data };
    const type = t.list(t.string);
    const value = Array.from({ length: 200 }, (_, i) => `item-${i}`);
    const literal = await type.toLiteral(value, ctx);
    const off = await offloadIfLarge(literal, ctx, 1000, { name: "o0", type: type.literalType });
    expect(off.value.case).toBe("offloadedMetadata");
    const meta = off.value.case === "offloadedMetadata" ? off.value.value : undefined;
    expect(meta?.uri).toMatch(/o0_offloaded_metadata\.pb$/);
    expect(Number(meta?.sizeBytes)).toBeGreaterThan(1000);
    expect(toJson(LiteralTypeSchema, meta?.inferredType ?? type.literalType)).toEqual({
      collectionType: { simple: "STRING" },
    });
    expect(fromBinary(LiteralSchema, data.objects.get(meta?.uri ?? "") ?? new Uint8Array())).toEqual(literal);
    expect(await type.fromLiteral(off, ctx)).toEqual(value);
    // nested: an offloaded element inside a collection
    const nested = literals.collection([off]);
    expect(await t.list(type).fromLiteral(nested, ctx)).toEqual([value]);
  });

  it("infers the type when none is given, with unions for mixed collections", async () => {
    const mixed = literals.collection([literals.integer(1), literals.string("a"), literals.integer(2)]);
    expect(toJson(LiteralTypeSchema, inferLiteralType(mixed))).toEqual({
      collectionType: { unionType: { variants: [{ simple: "INTEGER" }, { simple: "STRING" }] } },
    });
    expect(toJson(LiteralTypeSchema, inferLiteralType(literals.collection([])))).toEqual({
      collectionType: { simple: "NONE" },
    });
    const data = memoryDataAccess();
    const off = await offloadIfLarge(literals.map({ a: literals.float(1) }), { what: "x", data }, 1);
    const inferred = off.value.case === "offloadedMetadata" ? off.value.value.inferredType : undefined;
    expect(inferred && toJson(LiteralTypeSchema, inferred)).toEqual({
      mapValueType: { simple: "FLOAT" },
    });
  });

  it("needs data access to load an offloaded literal", async () => {
    const data = memoryDataAccess();
    const off = await offloadIfLarge(literals.integer(5), { what: "x", data }, 0);
    await expect(t.int.fromLiteral(off, { what: "input 'n' of task 't'" })).rejects.toThrow(
      "input 'n' of task 't': this value needs blob storage, but no data access was configured",
    );
  });
});
