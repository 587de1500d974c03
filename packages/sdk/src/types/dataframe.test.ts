import { toJson } from "@bufbuild/protobuf";
import { isFlyteError } from "@flyte-ts/core";
import { LiteralSchema } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { LiteralTypeSchema } from "@flyte-ts/idl/gen/flyteidl/core/types_pb";
import { tableFromArrays } from "apache-arrow";
import { describe, expect, expectTypeOf, it } from "vitest";
import { DataFrame } from "./dataframe.js";
import type { Infer } from "./flyte-type.js";
import { memoryDataAccess } from "./memory-data-access.js";
import { t } from "./t.js";

const PARQUET_MAGIC = [0x50, 0x41, 0x52, 0x31]; // "PAR1"

function frame(): DataFrame {
  return new DataFrame(
    tableFromArrays({
      a: Int32Array.from([1, 2, 3]),
      b: ["x", "y", "z"],
      c: Float64Array.from([0.5, 1.5, 2.5]),
    }),
  );
}

describe("t.dataframe", () => {
  it("is a structured dataset type with parquet format and column types", () => {
    expect(toJson(LiteralTypeSchema, t.dataframe().literalType)).toEqual({
      structuredDatasetType: { format: "parquet" },
    });
    expect(toJson(LiteralTypeSchema, t.dataframe({ a: t.int, b: t.string }).literalType)).toEqual({
      structuredDatasetType: {
        format: "parquet",
        columns: [
          { name: "a", literalType: { simple: "INTEGER" } },
          { name: "b", literalType: { simple: "STRING" } },
        ],
      },
    });
  });

  it("writes Parquet under <uri>/00000 and reads it back", async () => {
    const data = memoryDataAccess();
    const ctx = { what: "output 'o0' of task 'make'", data };
    const literal = await t.dataframe().toLiteral(frame(), ctx);
    const json = toJson(LiteralSchema, literal) as {
      scalar: { structuredDataset: { uri: string; metadata: unknown } };
    };
    const uri = json.scalar.structuredDataset.uri;
    expect(json.scalar.structuredDataset.metadata).toEqual({ structuredDatasetType: { format: "parquet" } });
    const stored = data.objects.get(`${uri}/00000`);
    expect([...(stored ?? new Uint8Array()).subarray(0, 4)]).toEqual(PARQUET_MAGIC);

    const back = await t.dataframe().fromLiteral(literal, ctx);
    expect(back.uri).toBe(uri);
    expect(back.columnNames).toEqual(["a", "b", "c"]);
    expect((back.table.toArray() as { toJSON(): unknown }[]).map((r) => r.toJSON())).toEqual([
      { a: 1, b: "x", c: 0.5 },
      { a: 2, b: "y", c: 1.5 },
      { a: 3, b: "z", c: 2.5 },
    ]);
  });

  it("selects the declared columns when reading a wider frame", async () => {
    const data = memoryDataAccess();
    const ctx = { what: "input 'df' of task 'use'", data };
    const literal = await t.dataframe().toLiteral(frame(), ctx);
    const narrow = await t.dataframe({ a: t.int, c: t.float }).fromLiteral(literal, ctx);
    expect(narrow.columnNames).toEqual(["a", "c"]);
    expect(narrow.numRows).toBe(3);
  });

  it("checks declared columns by name and type", async () => {
    const data = memoryDataAccess();
    const ctx = { what: "output 'o0' of task 'make'", data };
    const err = (p: Promise<unknown>) =>
      p.then(
        () => "",
        (e: unknown) => (isFlyteError(e) ? `${e.code}: ${e.message}` : String(e)),
      );
    expect(await err(t.dataframe({ d: t.int }).toLiteral(frame(), ctx))).toMatch(
      /^TypeMismatch: .*column 'd' is missing/,
    );
    expect(await err(t.dataframe({ b: t.int }).toLiteral(frame(), ctx))).toContain("column 'b' is STRING, not INTEGER");
    expect(await err(t.dataframe().toLiteral(frame().table as never, ctx))).toContain(
      "wrap Arrow tables in new DataFrame(table)",
    );
  });

  it("supports Arrow IPC files as format 'arrow'", async () => {
    const data = memoryDataAccess();
    const ctx = { what: "x", data };
    const type = t.dataframe({ a: t.int }, "arrow");
    const literal = await type.toLiteral(frame(), ctx);
    expect(toJson(LiteralSchema, literal)).toMatchObject({
      scalar: { structuredDataset: { metadata: { structuredDatasetType: { format: "arrow" } } } },
    });
    expect((await type.fromLiteral(literal, ctx)).columnNames).toEqual(["a"]);
    await expect(t.dataframe().fromLiteral(literal, ctx)).rejects.toThrow(/in format arrow/);
  });

  it("passes a stored dataset through without reading it", async () => {
    const data = memoryDataAccess();
    const literal = await t.dataframe().toLiteral(DataFrame.fromUri("s3://bucket/df"), { what: "x", data });
    expect(toJson(LiteralSchema, literal)).toMatchObject({ scalar: { structuredDataset: { uri: "s3://bucket/df" } } });
    expect(data.objects.size).toBe(0);
  });

  it("infers DataFrame", () => {
    expectTypeOf<Infer<ReturnType<typeof t.dataframe>>>().toEqualTypeOf<DataFrame>();
  });
});
