import { literals, types } from "@flyte-ts/idl";
import { describe, expect, it } from "vitest";
import { branchNode, floatOperand, gt, intOperand, varOperand } from "../../test/branch-fixtures.js";
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

/** A typed `expect.stringContaining` for use inside `objectContaining`. */
const contains = (text: string): string => expect.stringContaining(text) as string;

const double = task("double", { x: types.integer() }, { o: types.integer(), extra: types.string() });
const square = task("square", { x: types.integer() }, { o: types.integer() });
const toFloat = task("to-float", { x: types.integer() }, { o: types.float() });
const consume = task("consume", { x: types.integer() }, {});
const tasks = [double, square, toFloat, consume];
const io = { inputs: { x: types.integer() }, outputs: { o: types.integer() } };
const inOnly = { inputs: { x: types.integer() } };

function simpleBranch(elseNode = taskNode("e", "square", { x: promise("", "x") })) {
  return branchNode("b", { x: promise("", "x") }, [taskNode("t", "double", { x: promise("", "x") })], elseNode);
}

describe("branch nodes", () => {
  it("exposes the outputs shared by every case and renames case nodes <branch>-<case>", () => {
    const c = mustCompile({ primary: workflow("wf", io, [simpleBranch()], { o: promise("b", "o") }), tasks });
    const b = c.primary?.template?.nodes.find((n) => n.id === "b");
    const ifElse = b?.target.case === "branchNode" ? b.target.value.ifElse : undefined;
    expect(ifElse?.case?.thenNode?.id).toBe("b-t");
    expect(ifElse?.default.case === "elseNode" ? ifElse.default.value.id : "").toBe("b-e");
    // case nodes record only upstream edges; the branch node is what runs in the graph
    expect(connections(c).upstream["b-t"]).toEqual(["start-node"]);
    expect(connections(c).downstream["start-node"]).toEqual(["b"]);
  });

  it("does not expose an output that only some cases produce", () => {
    const e = compileErrors({ primary: workflow("wf", io, [simpleBranch()], { o: promise("b", "extra") }), tasks });
    expect(e).toEqual([expect.objectContaining({ code: CompileErrorCode.VariableNameNotFound, nodeId: "end-node" })]);
  });

  it("requires shared outputs to have identical types in every case", () => {
    const e = compileErrors({
      primary: workflow("wf", inOnly, [simpleBranch(taskNode("e", "to-float", { x: promise("", "x") }))]),
      tasks,
    });
    expect(e).toEqual([expect.objectContaining({ code: CompileErrorCode.MismatchingTypes, variable: "o" })]);
  });

  it("requires an else node or an else error (BranchNodeHasNoDefault)", () => {
    const noElse = branchNode("b", { x: promise("", "x") }, [taskNode("t", "double", { x: promise("", "x") })]);
    const e = compileErrors({ primary: workflow("wf", inOnly, [noElse]), tasks });
    expect(e.map((x) => [x.code, x.nodeId])).toEqual([[CompileErrorCode.BranchNodeHasNoDefault, "b"]]);
  });

  it("requires an if case (BranchNodeHasNoCondition / ValueRequired)", () => {
    const noCase = branchNode("b", {}, [], taskNode("e", "square", { x: promise("", "x") }));
    const codes = compileErrors({ primary: workflow("wf", inOnly, [noCase]), tasks }).map((x) => x.code);
    expect(codes).toContain(CompileErrorCode.BranchNodeHasNoCondition);
  });

  it("requires a node for every elif case (BranchNodeNotSpecified)", () => {
    const b = simpleBranch();
    if (b.target.case !== "branchNode" || !b.target.value.ifElse?.case) throw new Error("bad fixture");
    const { condition } = b.target.value.ifElse.case;
    b.target.value.ifElse.other.push({ ...b.target.value.ifElse.case, condition, thenNode: undefined });
    const codes = compileErrors({ primary: workflow("wf", inOnly, [b]), tasks }).map((x) => x.code);
    expect(codes).toContain(CompileErrorCode.BranchNodeNotSpecified);
  });

  it("requires condition operands of identical types, not merely castable ones", () => {
    const floatCond = branchNode(
      "b",
      { x: promise("", "x") },
      [taskNode("t", "double", { x: promise("", "x") })],
      taskNode("e", "square", { x: promise("", "x") }),
      gt(varOperand("x"), floatOperand(0.5)),
    );
    const e = compileErrors({ primary: workflow("wf", inOnly, [floatCond]), tasks });
    expect(e).toEqual([
      expect.objectContaining({
        code: CompileErrorCode.MismatchingTypes,
        nodeId: "b",
        message: contains("identical types"),
      }),
    ]);
    const ok = branchNode(
      "b",
      { x: promise("", "x") },
      [taskNode("t", "double", { x: promise("", "x") })],
      taskNode("e", "square", { x: promise("", "x") }),
      gt(varOperand("x"), intOperand(1)),
    );
    expect(compileErrors({ primary: workflow("wf", inOnly, [ok]), tasks })).toEqual([]);
  });

  it("requires condition variables to be inputs of the branch node", () => {
    const b = branchNode(
      "b",
      {},
      [taskNode("t", "double", { x: promise("", "x") })],
      taskNode("e", "square", { x: constant(literals.integer(1)) }),
    );
    const e = compileErrors({ primary: workflow("wf", inOnly, [b]), tasks });
    expect(e).toEqual([
      expect.objectContaining({ code: CompileErrorCode.VariableNameNotFound, nodeId: "b", variable: "x" }),
    ]);
  });

  it("type-checks the bindings of case nodes", () => {
    const b = branchNode(
      "b",
      { x: promise("", "x") },
      [taskNode("t", "double", { x: constant(literals.string("no")) })],
      taskNode("e", "square", { x: promise("", "x") }),
    );
    const e = compileErrors({ primary: workflow("wf", inOnly, [b]), tasks });
    expect(e).toEqual([
      expect.objectContaining({ code: CompileErrorCode.MismatchingTypes, nodeId: "b-t", variable: "x" }),
    ]);
  });

  it("validates nested branches with nested renaming", () => {
    const inner = branchNode(
      "i",
      { x: promise("", "x") },
      [taskNode("t", "double", { x: promise("", "x") })],
      taskNode("e", "square", { x: promise("", "x") }),
    );
    const outer = branchNode("b", { x: promise("", "x") }, [inner], taskNode("f", "square", { x: promise("", "x") }));
    const c = mustCompile({ primary: workflow("wf", io, [outer], { o: promise("b", "o") }), tasks });
    expect(Object.keys(connections(c).upstream).sort()).toEqual(["b", "b-f", "b-i", "b-i-e", "b-i-t", "end-node"]);
  });
});
