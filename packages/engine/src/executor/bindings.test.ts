import { describe, expect, it } from "vitest";
import { create } from "@bufbuild/protobuf";
import { BindingSchema, type BindingData } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { LiteralTypeSchema, SimpleType } from "@flyte-ts/idl/gen/flyteidl/core/types_pb";
import { literalMap, literals } from "@flyte-ts/idl";
import { MSGPACK_TAG } from "@flyte-ts/core";
import { encodeMsgpack } from "@flyte-ts/sdk";
import { resolveBindings } from "./bindings.js";

const FLOAT = create(LiteralTypeSchema, { type: { case: "simple", value: SimpleType.FLOAT } });
const promise = (nodeId: string, v: string, attrPath: (string | number)[] = []): BindingData["value"] => ({
  case: "promise",
  value: {
    $typeName: "flyteidl.core.OutputReference",
    nodeId,
    var: v,
    attrPath: attrPath.map((a) =>
      typeof a === "number"
        ? { $typeName: "flyteidl.core.PromiseAttribute", value: { case: "intValue", value: a } }
        : { $typeName: "flyteidl.core.PromiseAttribute", value: { case: "stringValue", value: a } },
    ),
  },
});
const binding = (v: string, value: BindingData["value"], union?: typeof FLOAT) =>
  create(BindingSchema, { var: v, binding: { value, ...(union ? { union: { targetType: union } } : {}) } });

const upstream = {
  n0: literalMap({
    xs: literals.collection([literals.integer(1), literals.integer(2)]),
    m: literals.map({ a: literals.string("A") }),
    g: literals.generic({ deep: { list: [1, 2.5] } }),
    s: literals.binary(encodeMsgpack({ mse: 0.25, n: 3, tags: ["x"] }), MSGPACK_TAG),
  }),
};
const lookup = (id: string) => {
  const o = upstream[id as keyof typeof upstream];
  return o ? Promise.resolve(o) : Promise.reject(new Error(`no node ${id}`));
};

describe("resolveBindings", () => {
  it("resolves promises with attribute paths into collections, maps, generic and msgpack structs", async () => {
    const out = await resolveBindings(
      [
        binding("first", promise("n0", "xs", [1])),
        binding("key", promise("n0", "m", ["a"])),
        binding("deep", promise("n0", "g", ["deep", "list", 1])),
        binding("mse", promise("n0", "s", ["mse"])),
        binding("n", promise("n0", "s", ["n"])),
      ],
      lookup,
      (v) => (v === "mse" ? FLOAT : undefined),
    );
    expect(out.literals.first).toEqual(literals.integer(2));
    expect(out.literals.key).toEqual(literals.string("A"));
    expect(out.literals.deep).toEqual(literals.float(2.5));
    expect(out.literals.mse).toEqual(literals.float(0.25));
    expect(out.literals.n).toEqual(literals.integer(3));
  });

  it("builds collections and maps of mixed constants and promises, and wraps unions", async () => {
    const out = await resolveBindings(
      [
        binding("list", {
          case: "collection",
          value: {
            $typeName: "flyteidl.core.BindingDataCollection",
            bindings: [
              create(BindingSchema, { binding: { value: promise("n0", "xs", [0]) } }).binding!,
              {
                $typeName: "flyteidl.core.BindingData",
                value: { case: "scalar", value: literals.integer(9).value.value as never },
              },
            ],
          },
        }),
        binding("u", promise("n0", "xs", [0]), FLOAT),
      ],
      lookup,
    );
    expect(out.literals.list).toEqual(literals.collection([literals.integer(1), literals.integer(9)]));
    expect(out.literals.u).toEqual(literals.union(literals.integer(1), FLOAT));
  });

  it("names the input and the missing output when a promise cannot be resolved", async () => {
    await expect(resolveBindings([binding("x", promise("n0", "nope"))], lookup)).rejects.toThrow(
      /input x: node n0 has no output nope/,
    );
    await expect(resolveBindings([binding("x", promise("n0", "xs", [5]))], lookup)).rejects.toThrow(
      /index 5 is out of range/,
    );
  });
});
