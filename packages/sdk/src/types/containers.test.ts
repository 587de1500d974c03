import { toJson } from "@bufbuild/protobuf";
import { isFlyteError } from "@flyte-ts/core";
import { literals, types } from "@flyte-ts/idl";
import { LiteralSchema } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { LiteralTypeSchema } from "@flyte-ts/idl/gen/flyteidl/core/types_pb";
import { describe, expect, expectTypeOf, it } from "vitest";
import type { FlyteType, Infer } from "./flyte-type.js";
import { t } from "./t.js";

const ctx = { what: "input 'xs' of task 'sum'" };
const ltJson = (x: FlyteType<unknown>) => toJson(LiteralTypeSchema, x.literalType);

async function mismatch(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(isFlyteError(e) && e.code).toBe("TypeMismatch");
    return (e as Error).message;
  }
  throw new Error("expected a type mismatch");
}

describe("list and map", () => {
  it("list: T[] ↔ collection, element type exposed", async () => {
    const type = t.list(t.int);
    expect(ltJson(type)).toEqual({ collectionType: { simple: "INTEGER" } });
    expect(type.element).toBe(t.int);
    expect(type.name).toBe("list<int>");
    const literal = await type.toLiteral([1, 2, 3], ctx);
    expect(toJson(LiteralSchema, literal)).toEqual({
      collection: { literals: [1, 2, 3].map((n) => ({ scalar: { primitive: { integer: String(n) } } })) },
    });
    expect(await type.fromLiteral(literal, ctx)).toEqual([1, 2, 3]);
  });

  it("list: names the failing element", async () => {
    expect(await mismatch(t.list(t.int).toLiteral([1, "2" as never], ctx))).toBe(
      `input 'xs' of task 'sum'[1]: expected int, got string "2"`,
    );
    expect(await mismatch(t.list(t.int).toLiteral(5 as never, ctx))).toContain("expected list<int>, got number 5");
  });

  it("map: Record<string, T> ↔ literal map", async () => {
    const type = t.map(t.list(t.string));
    expect(ltJson(type)).toEqual({ mapValueType: { collectionType: { simple: "STRING" } } });
    expect(type.values?.name).toBe("list<string>");
    const value = { a: ["x"], b: [] };
    expect(await type.fromLiteral(await type.toLiteral(value, ctx), ctx)).toEqual(value);
    expect(await mismatch(type.toLiteral({ a: [1] } as never, ctx))).toContain(
      `["a"][0]: expected string, got number 1`,
    );
  });
});

describe("enum", () => {
  const color = t.enum(["red", "green"] as const);
  it("string union ↔ string literal with enum_type", async () => {
    expect(ltJson(color)).toEqual({ enumType: { values: ["red", "green"] } });
    const literal = await color.toLiteral("green", ctx);
    expect(toJson(LiteralSchema, literal)).toEqual({ scalar: { primitive: { stringValue: "green" } } });
    expect(await color.fromLiteral(literal, ctx)).toBe("green");
  });
  it("rejects other strings both ways", async () => {
    expect(await mismatch(color.toLiteral("blue" as never, ctx))).toContain(
      `expected one of "red", "green", got string "blue"`,
    );
    expect(await mismatch(color.fromLiteral(literals.string("blue"), ctx))).toContain("expected enum{red,green}");
  });
});

describe("optional and union", () => {
  it("optional = union(X, NONE) with flytekit structure tags", async () => {
    const type = t.optional(t.int);
    expect(ltJson(type)).toEqual({
      unionType: {
        variants: [
          { simple: "INTEGER", structure: { tag: "int" } },
          { simple: "NONE", structure: { tag: "none" } },
        ],
      },
    });
    const some = await type.toLiteral(3, ctx);
    expect(toJson(LiteralSchema, some)).toEqual({
      scalar: {
        union: {
          value: { scalar: { primitive: { integer: "3" } } },
          type: { simple: "INTEGER", structure: { tag: "int" } },
        },
      },
    });
    const none = await type.toLiteral(undefined, ctx);
    expect(toJson(LiteralSchema, none)).toEqual({
      scalar: { union: { value: { scalar: { noneType: {} } }, type: { simple: "NONE", structure: { tag: "none" } } } },
    });
    expect(await type.fromLiteral(some, ctx)).toBe(3);
    expect(await type.fromLiteral(none, ctx)).toBeNull();
    expect(await type.toLiteral(null, ctx)).toEqual(none);
  });

  it("optional reads bare (non-union) literals too", async () => {
    const type = t.optional(t.string);
    expect(await type.fromLiteral(literals.string("a"), ctx)).toBe("a");
    expect(await type.fromLiteral(literals.none(), ctx)).toBeNull();
  });

  it("union: picks the one fitting variant and tags it", async () => {
    const type = t.union(t.int, t.string, t.list(t.int));
    const l = await type.toLiteral([1], ctx);
    const u = l.value.case === "scalar" && l.value.value.value.case === "union" ? l.value.value.value.value : undefined;
    expect(u?.type?.structure?.tag).toBe("Typed List");
    expect(await type.fromLiteral(l, ctx)).toEqual([1]);
    expect(await type.fromLiteral(await type.toLiteral("s", ctx), ctx)).toBe("s");
  });

  it("union(int, float): whole numbers are ints, fractions floats", async () => {
    const type = t.union(t.int, t.float);
    const three = await type.toLiteral(3, ctx);
    expect(toJson(LiteralSchema, three)).toMatchObject({ scalar: { union: { type: { simple: "INTEGER" } } } });
    const half = await type.toLiteral(0.5, ctx);
    expect(toJson(LiteralSchema, half)).toMatchObject({ scalar: { union: { type: { simple: "FLOAT" } } } });
    expect(await type.fromLiteral(half, ctx)).toBe(0.5);
  });

  it("union: a value fitting two variants is a clear ambiguity error", async () => {
    const type = t.union(t.string, t.enum(["a", "b"] as const));
    expect(await mismatch(type.toLiteral("a", ctx))).toBe(
      `input 'xs' of task 'sum': expected union<string | enum{a,b}>, got string "a" (ambiguous: fits string and enum{a,b})`,
    );
    expect(await mismatch(type.toLiteral(3 as never, ctx))).toContain("got number 3");
  });

  it("union: reads the variant named by the tag", async () => {
    const type = t.union(t.int, t.bigint);
    const stored = literals.union(literals.integer(5), {
      ...types.integer(),
      structure: { $typeName: "flyteidl.core.TypeStructure", tag: "int", dataclassType: {} },
    });
    await expect(type.fromLiteral(stored, ctx)).rejects.toThrow(/ambiguous/);
    const one = t.union(t.string, t.int);
    expect(await one.fromLiteral(stored, ctx)).toBe(5);
  });

  it("infers TS types", () => {
    expectTypeOf<Infer<ReturnType<typeof t.list<number>>>>().toEqualTypeOf<number[]>();
    const _xs = t.list(t.int);
    expectTypeOf<Infer<typeof _xs>>().toEqualTypeOf<number[]>();
    const _m = t.map(t.boolean);
    expectTypeOf<Infer<typeof _m>>().toEqualTypeOf<Record<string, boolean>>();
    const _e = t.enum(["a", "b"] as const);
    expectTypeOf<Infer<typeof _e>>().toEqualTypeOf<"a" | "b">();
    const _e2 = t.enum(["x", "y"]);
    expectTypeOf<Infer<typeof _e2>>().toEqualTypeOf<"x" | "y">();
    const _o = t.optional(t.string);
    expectTypeOf<Infer<typeof _o>>().toEqualTypeOf<string | null | undefined>();
    const _u = t.union(t.int, t.string, t.list(t.boolean));
    expectTypeOf<Infer<typeof _u>>().toEqualTypeOf<number | string | boolean[]>();
  });
});
