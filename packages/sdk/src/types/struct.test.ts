import { toJson } from "@bufbuild/protobuf";
import { isFlyteError } from "@flyte-ts/core";
import { literals } from "@flyte-ts/idl";
import { LiteralTypeSchema } from "@flyte-ts/idl/gen/flyteidl/core/types_pb";
import { describe, expect, expectTypeOf, it } from "vitest";
import * as z from "zod";
import { FlyteFile } from "./file.js";
import type { Infer } from "./flyte-type.js";
import { memoryDataAccess } from "./memory-data-access.js";
import { decodeMsgpack, encodeMsgpack } from "./msgpack.js";
import { t } from "./t.js";

const ctx = { what: "output 'o0' of task 'train'" };

async function mismatch(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(isFlyteError(e) && e.code).toBe("TypeMismatch");
    return (e as Error).message;
  }
  throw new Error("expected a type mismatch");
}

const metrics = t.struct(
  {
    auc: t.float,
    epochs: t.int,
    name: t.string,
    tags: t.list(t.string),
    note: t.optional(t.string),
    inner: t.struct({ ok: t.boolean }, { name: "Inner" }),
  },
  { name: "Metrics" },
);

describe("t.struct", () => {
  it("has the LiteralType flytekit writes for a dataclass", () => {
    expect(toJson(LiteralTypeSchema, metrics.literalType)).toEqual({
      simple: "STRUCT",
      metadata: {
        title: "Metrics",
        type: "object",
        properties: {
          auc: { type: "number" },
          epochs: { type: "integer" },
          name: { type: "string" },
          tags: { type: "array", items: { type: "string" } },
          note: { anyOf: [{ type: "string" }, { type: "null" }] },
          inner: {
            title: "Inner",
            type: "object",
            properties: { ok: { type: "boolean" } },
            additionalProperties: false,
            required: ["ok"],
          },
        },
        additionalProperties: false,
        required: ["auc", "epochs", "name", "tags", "inner"],
      },
      structure: {
        dataclassType: {
          auc: { simple: "FLOAT" },
          epochs: { simple: "INTEGER" },
          name: { simple: "STRING" },
          tags: { collectionType: { simple: "STRING" } },
          note: {
            unionType: {
              variants: [
                { simple: "STRING", structure: { tag: "str" } },
                { simple: "NONE", structure: { tag: "none" } },
              ],
            },
          },
          inner: {
            simple: "STRUCT",
            metadata: {
              title: "Inner",
              type: "object",
              properties: { ok: { type: "boolean" } },
              additionalProperties: false,
              required: ["ok"],
            },
            structure: { dataclassType: { ok: { simple: "BOOLEAN" } } },
          },
        },
      },
    });
    expect(Object.keys(metrics.fields ?? {})).toEqual(["auc", "epochs", "name", "tags", "note", "inner"]);
  });

  it("round-trips through a msgpack Binary; whole floats stay floats", async () => {
    const value = { auc: 1, epochs: 3, name: "m", tags: ["a"], inner: { ok: true } };
    const literal = await metrics.toLiteral(value, ctx);
    const s = literal.value.case === "scalar" ? literal.value.value.value : undefined;
    expect(s?.case).toBe("binary");
    const bin = s?.case === "binary" ? s.value : undefined;
    expect(bin?.tag).toBe("msgpack");
    // auc is float64 (0xcb) even though it is whole; epochs is a positive fixint.
    const bytes = bin?.value ?? new Uint8Array();
    expect(bytes[0]).toBe(0x86);
    expect([...bytes.subarray(1, 5)]).toEqual([0xa3, 0x61, 0x75, 0x63]);
    expect(bytes[5]).toBe(0xcb);
    expect(decodeMsgpack(bytes)).toEqual({ ...value, note: null });
    expect(await metrics.fromLiteral(literal, ctx)).toEqual({ ...value, note: null });
  });

  it("reads what flytekit writes: msgpack with ints for floats, and old generic Structs", async () => {
    const fromPython = literals.binary(
      encodeMsgpack({ auc: 0.5, epochs: 2, name: "py", tags: [], note: "n", inner: { ok: false } }),
      "msgpack",
    );
    expect(await metrics.fromLiteral(fromPython, ctx)).toEqual({
      auc: 0.5,
      epochs: 2,
      name: "py",
      tags: [],
      note: "n",
      inner: { ok: false },
    });
    const generic = literals.generic({ auc: 1, epochs: 2, name: "old", tags: ["x"], note: null, inner: { ok: true } });
    expect(await metrics.fromLiteral(generic, ctx)).toMatchObject({ name: "old", epochs: 2 });
  });

  it("names the field in mismatches, and rejects unknown or missing fields", async () => {
    expect(
      await mismatch(metrics.toLiteral({ auc: 1, epochs: 1.5, name: "m", tags: [], inner: { ok: true } }, ctx)),
    ).toBe("output 'o0' of task 'train'.epochs: expected int, got number 1.5");
    expect(
      await mismatch(
        metrics.toLiteral({ auc: 1, epochs: 1, name: "m", tags: [], inner: { ok: true }, extra: 1 } as never, ctx),
      ),
    ).toContain("unknown field(s) extra");
    expect(await mismatch(metrics.toLiteral({ auc: 1, epochs: 1, name: "m", tags: [] } as never, ctx))).toContain(
      ".inner: expected Inner, got a missing field",
    );
    expect(await mismatch(metrics.fromLiteral(literals.integer(1), ctx))).toContain(
      "expected Metrics, got literal integer 1",
    );
  });

  it("carries files inside structs as {path}", async () => {
    const data = memoryDataAccess();
    const withFile = t.struct({ report: t.file("csv") });
    const literal = await withFile.toLiteral(
      { report: FlyteFile.fromBytes(new TextEncoder().encode("a,b"), "r.csv") },
      { ...ctx, data },
    );
    const bin =
      literal.value.case === "scalar" && literal.value.value.value.case === "binary"
        ? literal.value.value.value.value
        : undefined;
    const plain = decodeMsgpack(bin?.value ?? new Uint8Array()) as { report: { path: string } };
    expect(plain.report.path).toMatch(/^memory:\/\/raw\/.*\/r\.csv$/);
    const back = await withFile.fromLiteral(literal, { ...ctx, data });
    expect(await back.report.text()).toBe("a,b");
  });

  it("infers the object type, with optional fields optional", () => {
    type M = Infer<typeof metrics>;
    expectTypeOf<M>().toEqualTypeOf<{
      auc: number;
      epochs: number;
      name: string;
      tags: string[];
      inner: { ok: boolean };
      note?: string | null | undefined;
    }>();
  });
});

describe("t.struct(zod)", () => {
  const User = z.object({ id: z.number().int(), score: z.number(), name: z.string(), email: z.string().optional() });
  const user = t.struct(User, { name: "User" });

  it("uses the zod JSON schema as metadata and derives field types", () => {
    const lt = toJson(LiteralTypeSchema, user.literalType) as {
      simple: string;
      metadata: Record<string, unknown>;
      structure: unknown;
    };
    expect(lt.simple).toBe("STRUCT");
    expect(lt.metadata).toMatchObject({ title: "User", type: "object", required: ["id", "score", "name"] });
    expect(lt.structure).toMatchObject({
      dataclassType: {
        id: { simple: "INTEGER" },
        score: { simple: "FLOAT" },
        name: { simple: "STRING" },
        email: { unionType: {} },
      },
    });
  });

  it("validates with zod and round-trips through msgpack", async () => {
    const value = { id: 1, score: 2, name: "ann" };
    const literal = await user.toLiteral(value, ctx);
    expect(await user.fromLiteral(literal, ctx)).toEqual(value);
    expect(await mismatch(user.toLiteral({ id: 1.5, score: 1, name: "x" }, ctx))).toMatch(
      /expected User, got object \{id, score, name\} \(id: /,
    );
  });

  it("infers z.output", () => {
    expectTypeOf<Infer<typeof user>>().toEqualTypeOf<{
      id: number;
      score: number;
      name: string;
      email?: string | undefined;
    }>();
  });
});
