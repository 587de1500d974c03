import { create } from "@bufbuild/protobuf";
import { literals, types } from "@flyte-ts/idl";
import { ResourceType, type Identifier } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import { ParameterMapSchema, ParameterSchema, VariableSchema } from "@flyte-ts/idl/gen/flyteidl/core/interface_pb";
import { NodeSchema, WorkflowNodeSchema, type WorkflowNode } from "@flyte-ts/idl/gen/flyteidl/core/workflow_pb";
import { describe, expect, it } from "vitest";
import {
  bindings,
  compileErrors,
  constant,
  id,
  iface,
  mustCompile,
  promise,
  task,
  taskNode,
  workflow,
} from "../../test/fixtures.js";
import { CompileErrorCode } from "../errors.js";

function wfNode(nodeId: string, reference: WorkflowNode["reference"], inputs: Parameters<typeof bindings>[0] = {}) {
  return create(NodeSchema, {
    id: nodeId,
    inputs: bindings(inputs),
    target: { case: "workflowNode", value: create(WorkflowNodeSchema, { reference }) },
  });
}
const inc = task("inc", { x: types.integer() }, { o: types.integer() });
const io = { inputs: { a: types.integer() }, outputs: { o: types.integer() } };
const lpId: Identifier = id("lp", ResourceType.LAUNCH_PLAN);
const lp = {
  id: lpId,
  interface: iface({ x: types.integer(), y: types.integer() }, { o: types.integer() }),
  expectedInputs: create(ParameterMapSchema, {
    parameters: {
      x: create(ParameterSchema, {
        var: create(VariableSchema, { type: types.integer() }),
        behavior: { case: "required", value: true },
      }),
      y: create(ParameterSchema, {
        var: create(VariableSchema, { type: types.integer() }),
        behavior: { case: "default", value: literals.integer(1) },
      }),
    },
  }),
};

describe("workflow nodes", () => {
  it("launch plan: inputs are the required parameters plus the optional ones bound explicitly", () => {
    const call = (inputs: Parameters<typeof bindings>[0]) =>
      workflow("wf", io, [wfNode("l", { case: "launchplanRef", value: lpId }, inputs)], { o: promise("l", "o") });
    expect(compileErrors({ primary: call({ x: promise("", "a") }), tasks: [], launchPlans: [lp] })).toEqual([]);
    expect(
      compileErrors({
        primary: call({ x: promise("", "a"), y: constant(literals.integer(2)) }),
        tasks: [],
        launchPlans: [lp],
      }),
    ).toEqual([]);
    expect(compileErrors({ primary: call({ y: promise("", "a") }), tasks: [], launchPlans: [lp] })).toEqual([
      expect.objectContaining({ code: CompileErrorCode.ParameterNotBound, nodeId: "l", variable: "x" }),
    ]);
    const closure = mustCompile({ primary: call({ x: promise("", "a") }), tasks: [], launchPlans: [lp] });
    expect(closure.launchPlans.map((p) => p.template?.id?.name)).toEqual(["lp"]);
  });

  it("launch plan not provided is WorkflowReferenceNotFound", () => {
    const wf = workflow("wf", {}, [wfNode("l", { case: "launchplanRef", value: lpId })]);
    expect(compileErrors({ primary: wf, tasks: [] })).toEqual([
      expect.objectContaining({ code: CompileErrorCode.WorkflowReferenceNotFound, nodeId: "l" }),
    ]);
  });

  it("sub-workflow: compiled once, reused by every caller, and returned compiled in the closure", () => {
    const sub = workflow("sub", io, [taskNode("s0", "inc", { x: promise("", "a") })], { o: promise("s0", "o") });
    const ref = { case: "subWorkflowRef" as const, value: sub.id as Identifier };
    const primary = workflow(
      "wf",
      io,
      [wfNode("w0", ref, { a: promise("", "a") }), wfNode("w1", ref, { a: promise("w0", "o") })],
      { o: promise("w1", "o") },
    );
    const c = mustCompile({ primary, subWorkflows: [sub], tasks: [inc] });
    expect(c.subWorkflows).toHaveLength(1);
    const compiled = c.subWorkflows[0];
    expect(compiled?.template?.nodes.map((n) => n.id)).toEqual(["start-node", "end-node", "s0"]);
    expect(compiled?.connections?.downstream["s0"]?.ids).toEqual(["end-node"]);
    expect(sub.nodes.map((n) => n.id)).toEqual(["s0"]); // the input is untouched
  });

  it("errors inside a sub-workflow are reported with the sub-workflow's node", () => {
    const sub = workflow("sub", io, [taskNode("s0", "inc", { x: constant(literals.string("no")) })], {
      o: promise("s0", "o"),
    });
    const primary = workflow(
      "wf",
      io,
      [wfNode("w0", { case: "subWorkflowRef", value: sub.id as Identifier }, { a: promise("", "a") })],
      {
        o: promise("w0", "o"),
      },
    );
    expect(compileErrors({ primary, subWorkflows: [sub], tasks: [inc] })).toEqual([
      expect.objectContaining({ code: CompileErrorCode.MismatchingTypes, nodeId: "s0", variable: "x" }),
    ]);
  });

  it("sub-workflow not provided is WorkflowReferenceNotFound", () => {
    const primary = workflow("wf", {}, [
      wfNode("w0", { case: "subWorkflowRef", value: id("nope", ResourceType.WORKFLOW) }),
    ]);
    expect(compileErrors({ primary, tasks: [] })).toEqual([
      expect.objectContaining({ code: CompileErrorCode.WorkflowReferenceNotFound, nodeId: "w0" }),
    ]);
  });

  it("a sub-workflow that calls itself is reported, not recursed into forever", () => {
    const self = workflow("self", {}, []);
    self.nodes = [wfNode("again", { case: "subWorkflowRef", value: self.id as Identifier })];
    const primary = workflow("wf", {}, [wfNode("w0", { case: "subWorkflowRef", value: self.id as Identifier })]);
    expect(compileErrors({ primary, subWorkflows: [self], tasks: [] }).map((e) => e.code)).toContain(
      CompileErrorCode.CycleDetected,
    );
  });
});
