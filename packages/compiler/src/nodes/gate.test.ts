import { create } from "@bufbuild/protobuf";
import { DurationSchema } from "@bufbuild/protobuf/wkt";
import { types } from "@flyte-ts/idl";
import {
  ApproveConditionSchema,
  GateNodeSchema,
  NodeSchema,
  SignalConditionSchema,
  SleepConditionSchema,
  type GateNode,
  type Node,
} from "@flyte-ts/idl/gen/flyteidl/core/workflow_pb";
import { describe, expect, it } from "vitest";
import {
  bindings,
  compileErrors,
  connections,
  mustCompile,
  promise,
  task,
  taskNode,
  workflow,
} from "../../test/fixtures.js";
import { CompileErrorCode } from "../errors.js";

function gate(id: string, condition: GateNode["condition"], inputs: Parameters<typeof bindings>[0] = {}): Node {
  return create(NodeSchema, {
    id,
    inputs: bindings(inputs),
    target: { case: "gateNode", value: create(GateNodeSchema, { condition }) },
  });
}
const consume = task("consume", { x: types.integer() }, {});
const io = { inputs: { a: types.integer() }, outputs: { o: types.integer() } };

describe("gate nodes", () => {
  it("approve passes its bound values through as outputs", () => {
    const approve = gate(
      "g",
      { case: "approve", value: create(ApproveConditionSchema, { signalId: "ok" }) },
      { v: promise("", "a") },
    );
    const c = mustCompile({
      primary: workflow("wf", io, [approve, taskNode("n", "consume", { x: promise("g", "v") })], {
        o: promise("g", "v"),
      }),
      tasks: [consume],
    });
    expect(connections(c).downstream["g"]).toEqual(["end-node", "n"]);
  });

  it("signal has one output, output_variable_name, of the signal type", () => {
    const signal = gate("g", {
      case: "signal",
      value: create(SignalConditionSchema, { signalId: "s", type: types.integer(), outputVariableName: "value" }),
    });
    expect(compileErrors({ primary: workflow("wf", io, [signal], { o: promise("g", "value") }), tasks: [] })).toEqual(
      [],
    );
    const wrongType = gate("g", {
      case: "signal",
      value: create(SignalConditionSchema, { signalId: "s", type: types.string(), outputVariableName: "value" }),
    });
    expect(
      compileErrors({ primary: workflow("wf", io, [wrongType], { o: promise("g", "value") }), tasks: [] }).map(
        (e) => e.code,
      ),
    ).toEqual([CompileErrorCode.MismatchingTypes]);
    const unnamed = gate("g", {
      case: "signal",
      value: create(SignalConditionSchema, { signalId: "s", type: types.integer() }),
    });
    expect(compileErrors({ primary: workflow("wf", {}, [unnamed]), tasks: [] }).map((e) => e.code)).toEqual([
      CompileErrorCode.ValueRequired,
    ]);
  });

  it("sleep has an empty interface", () => {
    const sleep = gate("g", {
      case: "sleep",
      value: create(SleepConditionSchema, { duration: create(DurationSchema, { seconds: 5n }) }),
    });
    const c = mustCompile({ primary: workflow("wf", {}, [sleep]), tasks: [] });
    expect(connections(c).downstream["g"]).toEqual(["end-node"]);
  });

  it("a gate without a condition is NoConditionFound", () => {
    expect(compileErrors({ primary: workflow("wf", {}, [gate("g", { case: undefined })]), tasks: [] })).toEqual([
      expect.objectContaining({ code: CompileErrorCode.NoConditionFound, nodeId: "g" }),
    ]);
  });
});
