import { toJson } from "@bufbuild/protobuf";
import { isFlyteError } from "@flyte-ts/core";
import { literals, types } from "@flyte-ts/idl";
import { LiteralSchema, type Literal } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { LiteralTypeSchema } from "@flyte-ts/idl/gen/flyteidl/core/types_pb";
import { describe, expect, expectTypeOf, it } from "vitest";
import type { FlyteType, Infer } from "./flyte-type.js";
import { t } from "./t.js";

const ctx = { what: "input 'x' of task 'train'" };
const lit = (l: Literal) => toJson(LiteralSchema, l);
const ltJson = (x: FlyteType<unknown>) => toJson(LiteralTypeSchema, x.literalType);

async function roundTrip<T>(type: FlyteType<T>, value: T): Promise<{ literal: Literal; back: T }> {
  const literal = await type.toLiteral(value, ctx);
  return { literal, back: await type.fromLiteral(literal, ctx) };
}

async function mismatch(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(isFlyteError(e) && e.code).toBe("TypeMismatch");
    return (e as Error).message;
  }
  throw new Error("expected a type mismatch");
}

describe("scalar types", () => {
  it("int: number ↔ int64 literal", async () => {
    expect(ltJson(t.int)).toEqual({ simple: "INTEGER" });
    const { literal, back } = await roundTrip(t.int, 42);
    expect(lit(literal)).toEqual({ scalar: { primitive: { integer: "42" } } });
    expect(back).toBe(42);
    expect((await roundTrip(t.int, -9007199254740991)).back).toBe(-9007199254740991);
  });

  it("int rejects non-integers, unsafe numbers and wrong types with a clear message", async () => {
    expect(await mismatch(t.int.toLiteral("abc" as never, ctx))).toBe(
      `input 'x' of task 'train': expected int, got string "abc"`,
    );
    expect(await mismatch(t.int.toLiteral(1.5, ctx))).toContain("expected int, got number 1.5");
    expect(await mismatch(t.int.toLiteral(2 ** 60, ctx))).toContain("use t.bigint");
    expect(await mismatch(t.int.fromLiteral(literals.integer(2n ** 60n), ctx))).toContain("use t.bigint");
    expect(await mismatch(t.int.fromLiteral(literals.string("3"), ctx))).toBe(
      `input 'x' of task 'train': expected int, got literal string "3"`,
    );
  });

  it("bigint: full int64 range", async () => {
    const max = 2n ** 63n - 1n;
    const { literal, back } = await roundTrip(t.bigint, max);
    expect(lit(literal)).toEqual({ scalar: { primitive: { integer: max.toString() } } });
    expect(back).toBe(max);
    expect(await mismatch(t.bigint.toLiteral(2n ** 63n, ctx))).toContain("outside the int64 range");
    expect(await mismatch(t.bigint.toLiteral(3 as never, ctx))).toContain("expected bigint, got number 3");
  });

  it("float: number ↔ double, ints are not floats", async () => {
    expect(ltJson(t.float)).toEqual({ simple: "FLOAT" });
    expect((await roundTrip(t.float, 2.5)).back).toBe(2.5);
    expect((await roundTrip(t.float, 3)).back).toBe(3);
    expect(await mismatch(t.float.fromLiteral(literals.integer(3), ctx))).toContain(
      "expected float, got literal integer 3",
    );
  });

  it("string and boolean", async () => {
    expect(ltJson(t.string)).toEqual({ simple: "STRING" });
    expect(ltJson(t.boolean)).toEqual({ simple: "BOOLEAN" });
    expect((await roundTrip(t.string, "héllo")).back).toBe("héllo");
    expect((await roundTrip(t.boolean, false)).back).toBe(false);
    expect(await mismatch(t.boolean.toLiteral("true" as never, ctx))).toContain('expected boolean, got string "true"');
  });

  it("datetime: Date ↔ Timestamp", async () => {
    const d = new Date("2024-01-02T03:04:05.678Z");
    const { literal, back } = await roundTrip(t.datetime, d);
    expect(lit(literal)).toEqual({ scalar: { primitive: { datetime: "2024-01-02T03:04:05.678Z" } } });
    expect(back.toISOString()).toBe(d.toISOString());
    expect(ltJson(t.datetime)).toEqual({ simple: "DATETIME" });
    expect(await mismatch(t.datetime.toLiteral(new Date("nope"), ctx))).toContain("Invalid Date");
  });

  it("duration: milliseconds ↔ Duration", async () => {
    const { literal, back } = await roundTrip(t.duration, 90_500);
    expect(lit(literal)).toEqual({ scalar: { primitive: { duration: "90.500s" } } });
    expect(back).toBe(90_500);
    expect(ltJson(t.duration)).toEqual({ simple: "DURATION" });
  });

  it("none: null ↔ none literal", async () => {
    expect(ltJson(t.none)).toEqual({ simple: "NONE" });
    const { literal, back } = await roundTrip(t.none, null);
    expect(lit(literal)).toEqual({ scalar: { noneType: {} } });
    expect(back).toBeNull();
    expect(await mismatch(t.none.toLiteral(0 as never, ctx))).toContain("expected none, got number 0");
  });

  it("binary: Uint8Array ↔ Binary with an empty tag", async () => {
    expect(ltJson(t.binary)).toEqual({ simple: "BINARY" });
    const { literal, back } = await roundTrip(t.binary, new Uint8Array([1, 2, 255]));
    expect(lit(literal)).toEqual({ scalar: { binary: { value: "AQL/" } } });
    expect([...back]).toEqual([1, 2, 255]);
  });

  it("json: object ↔ generic Struct (STRUCT without schema)", async () => {
    expect(ltJson(t.json)).toEqual({ simple: "STRUCT" });
    const value = { a: 1, b: [true, null, "x"], c: { d: 1.5 } };
    const { literal, back } = await roundTrip(t.json, value);
    expect(lit(literal)).toEqual({ scalar: { generic: value } });
    expect(back).toEqual(value);
    expect(await mismatch(t.json.toLiteral({ a: new Date() } as never, ctx))).toContain("expected json object");
  });

  it("reads a value through a single-variant union wrapper", async () => {
    const wrapped = literals.union(literals.integer(7), types.integer());
    expect(await t.int.fromLiteral(wrapped, ctx)).toBe(7);
  });
});

describe("inferred TS types", () => {
  it("maps each scalar type to its TS type", () => {
    expectTypeOf<Infer<typeof t.int>>().toEqualTypeOf<number>();
    expectTypeOf<Infer<typeof t.bigint>>().toEqualTypeOf<bigint>();
    expectTypeOf<Infer<typeof t.float>>().toEqualTypeOf<number>();
    expectTypeOf<Infer<typeof t.string>>().toEqualTypeOf<string>();
    expectTypeOf<Infer<typeof t.boolean>>().toEqualTypeOf<boolean>();
    expectTypeOf<Infer<typeof t.datetime>>().toEqualTypeOf<Date>();
    expectTypeOf<Infer<typeof t.duration>>().toEqualTypeOf<number>();
    expectTypeOf<Infer<typeof t.none>>().toEqualTypeOf<null | undefined>();
    expectTypeOf<Infer<typeof t.binary>>().toEqualTypeOf<Uint8Array>();
  });
});
