import { create, toJson } from "@bufbuild/protobuf";
import { isFlyteError } from "@flyte-ts/core";
import { types } from "@flyte-ts/idl";
import { LiteralSchema } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { LiteralTypeSchema, TypeStructureSchema, type LiteralType } from "@flyte-ts/idl/gen/flyteidl/core/types_pb";
import { describe, expect, it } from "vitest";
import { DataFrame } from "./dataframe.js";
import { FlyteDirectory } from "./directory.js";
import { FlyteFile } from "./file.js";
import type { FlyteType } from "./flyte-type.js";
import { parseInputText } from "./parse-input.js";
import { literalTypeOf, typeFromLiteralType } from "./reverse.js";
import { t } from "./t.js";

const ltJson = (lt: LiteralType) => toJson(LiteralTypeSchema, lt);

describe("literalTypeOf / typeFromLiteralType", () => {
  const cases: [string, FlyteType<unknown>, string][] = [
    ["int", t.int, "int"],
    ["float", t.float, "float"],
    ["string", t.string, "string"],
    ["boolean", t.boolean, "boolean"],
    ["datetime", t.datetime, "datetime"],
    ["duration", t.duration, "duration"],
    ["none", t.none, "none"],
    ["binary", t.binary, "binary"],
    ["json", t.json, "json"],
    ["list", t.list(t.int), "list<int>"],
    ["map", t.map(t.float), "map<float>"],
    ["enum", t.enum(["a", "b"]), "enum{a,b}"],
    ["optional", t.optional(t.string), "optional<string>"],
    ["union", t.union(t.int, t.string), "union<int | string>"],
    ["file", t.file("csv"), "File(csv)"],
    ["directory", t.directory(), "Directory"],
    ["dataframe", t.dataframe({ a: t.int }), "DataFrame(parquet; a: INTEGER)"],
    ["struct", t.struct({ a: t.int, b: t.optional(t.list(t.string)) }, { name: "P" }), "P"],
  ];
  it.each(cases)("%s maps back to an equivalent type", (_label, type, name) => {
    const lt = literalTypeOf(type);
    expect(lt).not.toBe(type.literalType);
    const back = typeFromLiteralType(lt);
    expect(back.name).toBe(name);
    expect(ltJson(back.literalType)).toEqual(ltJson(type.literalType));
  });

  it("rebuilds a struct from a JSON schema alone (Pydantic / zod metadata)", async () => {
    const lt = types.struct({
      title: "Cfg",
      type: "object",
      properties: { lr: { type: "number" }, steps: { type: "integer" }, when: { type: "string", format: "date-time" } },
      required: ["lr", "steps"],
    });
    const type = typeFromLiteralType(lt);
    expect(Object.keys(type.fields ?? {})).toEqual(["lr", "steps", "when"]);
    const value = type.parseText('{"lr": 0.1, "steps": 3}');
    expect(value).toEqual({ lr: 0.1, steps: 3, when: null });
    const literal = await type.toLiteral(value, { what: "x" });
    expect(await type.fromLiteral(literal, { what: "x" })).toEqual(value);
  });

  it("rebuilds a struct from structure.dataclass_type", () => {
    const lt = types.struct({ title: "D", type: "object", properties: {}, required: ["n"] });
    lt.structure = create(TypeStructureSchema, { tag: "", dataclassType: { n: types.integer(), s: types.string() } });
    const type = typeFromLiteralType(lt);
    expect(type.name).toBe("D");
    expect(type.fields?.["n"]?.name).toBe("int");
    expect(type.fields?.["s"]?.name).toBe("optional<string>");
  });

  it("refuses legacy schemas with a clear error", () => {
    const lt = create(LiteralTypeSchema, { type: { case: "schema", value: { columns: [] } } });
    expect(() => typeFromLiteralType(lt)).toThrow(/legacy schema types are not supported/);
  });
});

describe("parseInputText", () => {
  it("parses scalars", () => {
    expect(parseInputText(t.int, "3")).toBe(3);
    expect(parseInputText(t.bigint, "9223372036854775807")).toBe(2n ** 63n - 1n);
    expect(parseInputText(t.float, "1.5")).toBe(1.5);
    expect(parseInputText(t.boolean, "true")).toBe(true);
    expect(parseInputText(t.string, " x ")).toBe(" x ");
    expect(parseInputText(t.datetime, "2024-01-01T00:00:00Z").toISOString()).toBe("2024-01-01T00:00:00.000Z");
    expect(parseInputText(t.duration, "1h30m")).toBe(5_400_000);
    expect(parseInputText(t.duration, "250")).toBe(250);
    expect(parseInputText(t.enum(["a", "b"] as const), "b")).toBe("b");
    expect([...parseInputText(t.binary, "AQL/")]).toEqual([1, 2, 255]);
  });

  it("parses JSON for containers and structs", () => {
    expect(parseInputText(t.list(t.int), "[1,2]")).toEqual([1, 2]);
    expect(parseInputText(t.map(t.list(t.float)), '{"a":[1.5]}')).toEqual({ a: [1.5] });
    expect(parseInputText(t.list(t.datetime), '["2024-01-01T00:00:00Z"]')[0]?.getUTCFullYear()).toBe(2024);
    const s = t.struct({ a: t.int, tags: t.optional(t.list(t.string)) });
    expect(parseInputText(s, '{"a": 1}')).toEqual({ a: 1, tags: null });
    expect(parseInputText(t.json, '{"k": [1, "x"]}')).toEqual({ k: [1, "x"] });
  });

  it("parses optionals and unions", () => {
    expect(parseInputText(t.optional(t.int), "none")).toBeNull();
    expect(parseInputText(t.optional(t.int), "4")).toBe(4);
    expect(parseInputText(t.optional(t.string), "none")).toBe("none");
    expect(parseInputText(t.union(t.int, t.list(t.int)), "[4]")).toEqual([4]);
    expect(parseInputText(t.union(t.int, t.float), "4")).toBe(4);
  });

  it("parses paths and URIs for files, directories and dataframes", () => {
    const f = parseInputText(t.file(), "./data.csv");
    expect(f).toBeInstanceOf(FlyteFile);
    expect(f.path).toBe("./data.csv");
    expect(parseInputText(t.directory(), "s3://b/dir")).toBeInstanceOf(FlyteDirectory);
    expect(parseInputText(t.dataframe(), "s3://b/df").uri).toBe("s3://b/df");
    expect(parseInputText(t.dataframe(), "s3://b/df")).toBeInstanceOf(DataFrame);
  });

  it("names the input in errors", () => {
    const err = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return isFlyteError(e) ? `${e.code}: ${e.message}` : String(e);
      }
      return "";
    };
    expect(err(() => parseInputText(t.int, "abc", "--a"))).toBe('TypeMismatch: --a: expected int, got "abc"');
    expect(err(() => parseInputText(t.int, "1.5", "--a"))).toBe('TypeMismatch: --a: expected int, got "1.5"');
    expect(err(() => parseInputText(t.list(t.int), "[1,", "--xs"))).toContain("--xs: expected list<int> as JSON");
    expect(err(() => parseInputText(t.enum(["a"]), "z", "--e"))).toBe('TypeMismatch: --e: expected one of a, got "z"');
    expect(err(() => parseInputText(t.datetime, "tomorrow", "--when"))).toContain(
      "--when: expected datetime (ISO 8601",
    );
  });

  it("produces values the type turns into literals", async () => {
    const type = t.list(t.optional(t.int));
    const literal = await type.toLiteral(parseInputText(type, "[1, null]"), { what: "--xs" });
    expect(toJson(LiteralSchema, literal)).toMatchObject({
      collection: { literals: [{ scalar: { union: {} } }, { scalar: { union: {} } }] },
    });
  });
});
