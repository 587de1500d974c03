import { create } from "@bufbuild/protobuf";
import { types } from "@flyte-ts/idl";
import { ArrayNodeSchema, NodeSchema } from "@flyte-ts/idl/gen/flyteidl/core/workflow_pb";
import { describe, expect, it } from "vitest";
import { bindings, compileErrors, promise, task, taskNode, workflow } from "../../test/fixtures.js";
import { CompileErrorCode } from "../errors.js";

const mapped = task("mapped", { x: types.collection(types.integer()) }, { o: types.collection(types.string()) });
const io = { inputs: { xs: types.collection(types.integer()) }, outputs: { o: types.collection(types.string()) } };

describe("array nodes", () => {
  it("take the sub-node's interface", () => {
    const arr = create(NodeSchema, {
      id: "m",
      inputs: bindings({ x: promise("", "xs") }),
      target: { case: "arrayNode", value: create(ArrayNodeSchema, { node: taskNode("sub", "mapped", {}) }) },
    });
    expect(compileErrors({ primary: workflow("wf", io, [arr], { o: promise("m", "o") }), tasks: [mapped] })).toEqual(
      [],
    );
    const bad = create(NodeSchema, {
      id: "m",
      inputs: bindings({ x: promise("", "xs") }),
      target: { case: "arrayNode", value: create(ArrayNodeSchema, { node: taskNode("sub", "mapped", {}) }) },
    });
    const wrongOut = workflow("wf", { ...io, outputs: { o: types.collection(types.integer()) } }, [bad], {
      o: promise("m", "o"),
    });
    expect(compileErrors({ primary: wrongOut, tasks: [mapped] }).map((e) => e.code)).toEqual([
      CompileErrorCode.MismatchingTypes,
    ]);
  });

  it("need a sub-node", () => {
    const arr = create(NodeSchema, { id: "m", target: { case: "arrayNode", value: create(ArrayNodeSchema) } });
    expect(compileErrors({ primary: workflow("wf", {}, [arr]), tasks: [] }).map((e) => e.code)).toEqual([
      CompileErrorCode.ValueRequired,
    ]);
  });
});
