import { literals, types } from "@flyte-ts/idl";
import { describe, expect, it } from "vitest";
import {
  compileErrors,
  connections,
  constant,
  mustCompile,
  promise,
  task,
  taskNode,
  workflow,
} from "../../test/fixtures.js";
import { CompileErrorCode } from "../errors.js";

const t1 = task("t1", { a: types.integer() }, { o: types.integer() });
const t2 = task("t2", { a: types.integer(), b: types.integer() }, { o: types.integer() });
const noInputs = task("no-inputs", {}, { o: types.integer() });
const tasks = [t1, t2, noInputs];
const io = { inputs: { a: types.integer() }, outputs: { o: types.integer() } };

describe("workflow validation", () => {
  it("adds start-node and end-node and fills connections both ways (brief §3.3 example)", () => {
    const wf = workflow(
      "wf",
      { ...io, outputs: { o: types.integer(), p: types.integer() } },
      [
        taskNode("n0", "t1", { a: promise("", "a") }),
        taskNode("n1", "t2", { a: promise("n0", "o"), b: promise("", "a") }),
      ],
      {
        o: promise("n1", "o"),
        p: promise("n0", "o"),
      },
    );
    const c = mustCompile({ primary: wf, tasks });
    expect(c.primary?.template?.nodes.map((n) => n.id)).toEqual(["start-node", "end-node", "n0", "n1"]);
    expect(connections(c)).toEqual({
      downstream: { "start-node": ["n0", "n1"], n0: ["end-node", "n1"], n1: ["end-node"] },
      upstream: { n0: ["start-node"], n1: ["n0", "start-node"], "end-node": ["n0", "n1"] },
    });
    expect(c.tasks.map((t) => t.template?.id?.name)).toEqual(["t1", "t2", "no-inputs"]);
  });

  it("runs nodes without dependencies after start-node and before end-node", () => {
    const c = mustCompile({
      primary: workflow("wf", {}, [taskNode("n0", "no-inputs", {}), taskNode("n1", "no-inputs", {})]),
      tasks,
    });
    expect(connections(c).downstream["start-node"]).toEqual(["n0", "n1"]);
    expect(connections(c).upstream["end-node"]).toEqual(["n0", "n1"]);
  });

  it("sorts upstream_node_ids and turns them into execution edges", () => {
    const n2 = taskNode("n2", "no-inputs", {}, ["n1", "n0"]);
    const c = mustCompile({
      primary: workflow("wf", {}, [taskNode("n0", "no-inputs", {}), taskNode("n1", "no-inputs", {}), n2]),
      tasks,
    });
    expect(c.primary?.template?.nodes.find((n) => n.id === "n2")?.upstreamNodeIds).toEqual(["n0", "n1"]);
    expect(connections(c).upstream["n2"]).toEqual(["n0", "n1"]);
  });

  it("rejects a workflow without nodes (NoNodesFound)", () => {
    expect(compileErrors({ primary: workflow("wf", {}, []), tasks }).map((e) => e.code)).toEqual([
      CompileErrorCode.NoNodesFound,
    ]);
  });

  it("rejects duplicate node ids (DuplicateId)", () => {
    const e = compileErrors({
      primary: workflow("wf", {}, [taskNode("n0", "no-inputs", {}), taskNode("n0", "no-inputs", {})]),
      tasks,
    });
    expect(e).toEqual([expect.objectContaining({ code: CompileErrorCode.DuplicateId, nodeId: "n0" })]);
  });

  it("rejects upstream_node_ids naming a node that does not exist (NodeReferenceNotFound)", () => {
    const e = compileErrors({ primary: workflow("wf", {}, [taskNode("n0", "no-inputs", {}, ["ghost"])]), tasks });
    expect(e).toEqual([expect.objectContaining({ code: CompileErrorCode.NodeReferenceNotFound, nodeId: "n0" })]);
    expect(e[0]?.message).toContain("ghost");
  });

  it("validates the workflow outputs (end-node bindings)", () => {
    const unbound = compileErrors({
      primary: workflow("wf", io, [taskNode("n0", "t1", { a: promise("", "a") })]),
      tasks,
    });
    expect(unbound).toEqual([
      expect.objectContaining({ code: CompileErrorCode.ParameterNotBound, nodeId: "end-node", variable: "o" }),
    ]);
    const wrongType = compileErrors({
      primary: workflow(
        "wf",
        { ...io, outputs: { o: types.string() } },
        [taskNode("n0", "t1", { a: promise("", "a") })],
        { o: promise("n0", "o") },
      ),
      tasks,
    });
    expect(wrongType.map((e) => [e.code, e.nodeId])).toEqual([[CompileErrorCode.MismatchingTypes, "end-node"]]);
  });

  it("detects cycles with their path (CycleDetected)", () => {
    const wf = workflow("wf", io, [
      taskNode("n0", "t2", { a: promise("", "a"), b: promise("n1", "o") }),
      taskNode("n1", "t1", { a: promise("n0", "o") }),
    ]);
    wf.outputs = workflow("tmp", {}, [], { o: promise("n1", "o") }).outputs;
    const e = compileErrors({ primary: wf, tasks });
    expect(e).toEqual([expect.objectContaining({ code: CompileErrorCode.CycleDetected })]);
    expect(e[0]?.message).toContain("start-node>n0>n1>n0");
  });

  it("reports nodes that wait on each other only as unreachable, naming the loop", () => {
    const wf = workflow("wf", {}, [
      taskNode("n0", "t1", { a: promise("n1", "o") }),
      taskNode("n1", "t1", { a: promise("n0", "o") }),
    ]);
    const e = compileErrors({ primary: wf, tasks });
    expect(e.map((x) => x.code)).toEqual([CompileErrorCode.CycleDetected, CompileErrorCode.UnreachableNodes]);
    expect(e[1]?.message).toContain("n0,n1");
  });

  it("validates the failure node; its bindings add only upstream edges", () => {
    const wf = workflow("wf", io, [taskNode("n0", "t1", { a: promise("", "a") })], { o: promise("n0", "o") });
    wf.failureNode = taskNode("fail", "t1", { a: promise("", "a") });
    const c = mustCompile({ primary: wf, tasks });
    expect(connections(c).upstream["fail"]).toEqual(["start-node"]);
    expect(connections(c).downstream["start-node"]).toEqual(["n0"]);
    wf.failureNode = taskNode("fail", "t1", { a: constant(literals.string("x")) });
    expect(compileErrors({ primary: wf, tasks })).toEqual([
      expect.objectContaining({ code: CompileErrorCode.MismatchingTypes, nodeId: "fail" }),
    ]);
  });

  it("rejects references to tasks that were not provided (TaskReferenceNotFound), before anything else", () => {
    const e = compileErrors({
      primary: workflow("wf", {}, [
        taskNode("n0", "missing", {}),
        taskNode("n1", "no-inputs", { x: promise("", "zz") }),
      ]),
      tasks,
    });
    expect(e).toEqual([expect.objectContaining({ code: CompileErrorCode.TaskReferenceNotFound, nodeId: "n0" })]);
  });

  it("rejects a node without a target", () => {
    const n = taskNode("n0", "no-inputs", {});
    n.target = { case: undefined };
    expect(compileErrors({ primary: workflow("wf", {}, [n]), tasks })).toEqual([
      expect.objectContaining({ code: CompileErrorCode.ValueRequired, nodeId: "n0" }),
    ]);
  });
});
