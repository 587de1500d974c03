import { describe, expect, it } from "vitest";
import { create } from "@bufbuild/protobuf";
import { IdentifierSchema } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import { TypedInterfaceSchema } from "@flyte-ts/idl/gen/flyteidl/core/interface_pb";
import { LiteralSchema } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { literalMap, literals, types } from "@flyte-ts/idl";
import { cacheKeyFor, cacheTagForInputs, datasetIdForTask } from "./cache-key.js";

const iface = create(TypedInterfaceSchema, {
  inputs: { variables: { n: { type: types.integer() } } },
  outputs: { variables: { o0: { type: types.integer() } } },
});
const id = (version: string) => create(IdentifierSchema, { project: "p", domain: "d", name: "wf.sq", version });

describe("cache key (brief §6.2)", () => {
  it("dataset: flyte_task-<name>, <cache_version>-<hIn>-<hOut>; the task version is not part of it", () => {
    const a = datasetIdForTask(id("v1"), "1.0", iface);
    const b = datasetIdForTask(id("v2"), "1.0", iface);
    expect(a).toEqual(b);
    expect(a.name).toBe("flyte_task-wf.sq");
    expect(a.version).toMatch(/^1\.0-[A-Za-z0-9_-]{8}-[A-Za-z0-9_-]{8}$/);
    expect(datasetIdForTask(id("v1"), "2.0", iface).version).not.toBe(a.version);
  });

  it("rejects an empty cache version", () => {
    expect(() => datasetIdForTask(id("v1"), "", iface)).toThrow(expect.objectContaining({ code: "EmptyCacheVersion" }));
  });

  it("tag: hash of the inputs without ignored vars; literals with a hash are keyed by it", () => {
    const t1 = cacheTagForInputs(literalMap({ n: literals.integer(1), run: literals.string("a") }), ["run"]);
    const t2 = cacheTagForInputs(literalMap({ n: literals.integer(1), run: literals.string("b") }), ["run"]);
    expect(t1).toBe(t2);
    expect(t1).toMatch(/^flyte_cached-/);
    expect(cacheTagForInputs(literalMap({ n: literals.integer(2) }), [])).not.toBe(
      cacheTagForInputs(literalMap({ n: literals.integer(1) }), []),
    );
    const f1 = create(LiteralSchema, { ...literals.blob("s3://a/1.csv"), hash: "h1" });
    const f2 = create(LiteralSchema, { ...literals.blob("s3://b/2.csv"), hash: "h1" });
    expect(cacheTagForInputs(literalMap({ f: f1 }), [])).toBe(cacheTagForInputs(literalMap({ f: f2 }), []));
    expect(cacheKeyFor(id("v1"), "1", iface, literalMap({ n: literals.integer(1) }), []).tag).toBe(
      cacheTagForInputs(literalMap({ n: literals.integer(1) }), []),
    );
  });
});
