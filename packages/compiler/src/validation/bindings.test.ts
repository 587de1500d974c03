import { create } from "@bufbuild/protobuf";
import { literals, types } from "@flyte-ts/idl";
import { AliasSchema } from "@flyte-ts/idl/gen/flyteidl/core/workflow_pb";
import { LiteralTypeSchema, TypeStructureSchema } from "@flyte-ts/idl/gen/flyteidl/core/types_pb";
import { describe, expect, it } from "vitest";
import { compileErrors, constant, list, mustCompile, promise, task, taskNode, workflow } from "../../test/fixtures.js";
import { CompileErrorCode } from "../errors.js";

/** A typed `expect.stringContaining` for use inside `objectContaining`. */
const contains = (text: string): string => expect.stringContaining(text) as string;

const produce = task("produce", {}, { o: types.integer(), s: types.string(), l: types.collection(types.integer()) });
const consumeInt = task("consume", { x: types.integer() }, { o: types.integer() });
const optional = task("optional", { x: types.integer(), y: types.optional(types.integer()) }, {});

function wf(...nodes: Parameters<typeof workflow>[2]) {
  return workflow("wf", {}, nodes);
}
function errs(nodes: Parameters<typeof workflow>[2], tasks = [produce, consumeInt, optional]) {
  return compileErrors({ primary: wf(...nodes), tasks });
}

describe("binding validation", () => {
  it("accepts a castable promise and records the edge", () => {
    expect(errs([taskNode("a", "produce", {}), taskNode("b", "consume", { x: promise("a", "o") })])).toEqual([]);
  });

  it("rejects a binding for an input the node does not have (VariableNameNotFound)", () => {
    const e = errs([
      taskNode("a", "produce", {}),
      taskNode("b", "consume", { x: promise("a", "o"), z: promise("a", "o") }),
    ]);
    expect(e).toEqual([
      expect.objectContaining({ code: CompileErrorCode.VariableNameNotFound, nodeId: "b", variable: "z" }),
    ]);
  });

  it("rejects an input bound twice (ParameterBoundMoreThanOnce)", () => {
    const node = taskNode("b", "consume", { x: promise("a", "o") });
    node.inputs.push(...taskNode("tmp", "consume", { x: promise("a", "o") }).inputs);
    const e = errs([taskNode("a", "produce", {}), node]);
    expect(e.map((x) => x.code)).toEqual([CompileErrorCode.ParameterBoundMoreThanOnce]);
  });

  it("requires every non-optional input, and lets optional ones stay unbound", () => {
    expect(errs([taskNode("b", "optional", { x: constant(literals.integer(1)) })])).toEqual([]);
    const e = errs([taskNode("b", "optional", { y: constant(literals.integer(1)) })]);
    expect(e).toEqual([
      expect.objectContaining({ code: CompileErrorCode.ParameterNotBound, nodeId: "b", variable: "x" }),
    ]);
  });

  it("rejects a constant of the wrong type, naming the constant's type", () => {
    const e = errs([taskNode("b", "consume", { x: constant(literals.string("1")) })]);
    expect(e).toEqual([
      expect.objectContaining({
        code: CompileErrorCode.MismatchingTypes,
        message: "node b: input 'x' expects INTEGER but is bound to a constant of type STRING",
      }),
    ]);
  });

  it("rejects an output the producer does not have", () => {
    const e = errs([taskNode("a", "produce", {}), taskNode("b", "consume", { x: promise("a", "nope") })]);
    expect(e).toEqual([
      expect.objectContaining({ code: CompileErrorCode.VariableNameNotFound, nodeId: "b", variable: "x" }),
    ]);
    expect(e[0]?.message).toContain("node a has no output 'nope'");
  });

  it("rejects a scalar that is not one of the enum values (IllegalEnumValue)", () => {
    const colour = task("colour", { c: types.enum(["red", "green"]) }, {});
    expect(
      compileErrors({ primary: wf(taskNode("b", "colour", { c: constant(literals.string("red")) })), tasks: [colour] }),
    ).toEqual([]);
    const e = compileErrors({
      primary: wf(taskNode("b", "colour", { c: constant(literals.string("blue")) })),
      tasks: [colour],
    });
    expect(e).toEqual([
      expect.objectContaining({
        code: CompileErrorCode.IllegalEnumValue,
        variable: "c",
        message: contains("[red, green]"),
      }),
    ]);
  });

  it("types lists element by element and rejects a list bound to a scalar (MismatchingBindings)", () => {
    const takesList = task("takes-list", { xs: types.collection(types.integer()) }, {});
    const ok = wf(
      taskNode("a", "produce", {}),
      taskNode("b", "takes-list", { xs: list([promise("a", "o"), constant(literals.integer(2))]) }),
    );
    expect(compileErrors({ primary: ok, tasks: [produce, takesList] })).toEqual([]);
    const bad = wf(taskNode("a", "produce", {}), taskNode("b", "takes-list", { xs: list([promise("a", "s")]) }));
    expect(compileErrors({ primary: bad, tasks: [produce, takesList] }).map((e) => e.code)).toEqual([
      CompileErrorCode.MismatchingTypes,
    ]);
    const scalarBound = wf(taskNode("b", "consume", { x: list([constant(literals.integer(1))]) }));
    expect(compileErrors({ primary: scalarBound, tasks: [consumeInt] }).map((e) => e.code)).toEqual([
      CompileErrorCode.MismatchingBindings,
    ]);
  });

  it("resolves a list bound to a union input to exactly one variant (ambiguous and incompatible fail)", () => {
    const tagged = create(LiteralTypeSchema, { ...types.collection(types.integer()), metadata: { v: 2 } });
    const ambiguous = task("ambiguous", { xs: types.union([types.collection(types.integer()), tagged]) }, {});
    const one = task("one", { xs: types.union([types.collection(types.integer()), types.string()]) }, {});
    const none = task("none", { xs: types.union([types.collection(types.string()), types.integer()]) }, {});
    const value = { xs: list([constant(literals.integer(1))]) };
    expect(compileErrors({ primary: wf(taskNode("b", "one", value)), tasks: [one] })).toEqual([]);
    expect(
      compileErrors({ primary: wf(taskNode("b", "ambiguous", value)), tasks: [ambiguous] }).map((e) => e.code),
    ).toEqual([CompileErrorCode.AmbiguousBindingUnionValue]);
    expect(compileErrors({ primary: wf(taskNode("b", "none", value)), tasks: [none] }).map((e) => e.code)).toEqual([
      CompileErrorCode.IncompatibleBindingUnionValue,
    ]);
  });

  it("types attribute paths through lists, maps and dataclass fields (FieldNotFound otherwise)", () => {
    const dc = create(LiteralTypeSchema, {
      ...types.struct(),
      structure: create(TypeStructureSchema, { dataclassType: { count: types.integer(), name: types.string() } }),
    });
    const makes = task("makes", {}, { o: dc, l: types.collection(types.integer()) });
    const tasks = [makes, consumeInt];
    expect(
      compileErrors({
        primary: wf(taskNode("a", "makes", {}), taskNode("b", "consume", { x: promise("a", "o", ["count"]) })),
        tasks,
      }),
    ).toEqual([]);
    expect(
      compileErrors({
        primary: wf(taskNode("a", "makes", {}), taskNode("b", "consume", { x: promise("a", "l", [0]) })),
        tasks,
      }),
    ).toEqual([]);
    const e = compileErrors({
      primary: wf(taskNode("a", "makes", {}), taskNode("b", "consume", { x: promise("a", "o", ["missing"]) })),
      tasks,
    });
    expect(e).toEqual([
      expect.objectContaining({
        code: CompileErrorCode.FieldNotFound,
        nodeId: "b",
        message: contains("'missing'"),
      }),
    ]);
    const wrong = compileErrors({
      primary: wf(taskNode("a", "makes", {}), taskNode("b", "consume", { x: promise("a", "o", ["name"]) })),
      tasks,
    });
    expect(wrong.map((x) => x.code)).toEqual([CompileErrorCode.MismatchingTypes]);
  });

  it("supports the legacy name[index] syntax and rejects malformed names (SyntaxError)", () => {
    expect(errs([taskNode("a", "produce", {}), taskNode("b", "consume", { x: promise("a", "l[0]") })])).toEqual([]);
    expect(
      errs([taskNode("a", "produce", {}), taskNode("b", "consume", { x: promise("a", "l[x") })]).map((e) => e.code),
    ).toEqual([CompileErrorCode.SyntaxError]);
  });

  it("resolves references through output aliases and validates the aliases", () => {
    const a = taskNode("a", "produce", {});
    a.outputAliases = [create(AliasSchema, { var: "o", alias: "renamed" })];
    expect(errs([a, taskNode("b", "consume", { x: promise("a", "renamed") })])).toEqual([]);
    expect(errs([a, taskNode("b", "consume", { x: promise("a", "o") })]).map((e) => e.code)).toEqual([
      CompileErrorCode.VariableNameNotFound,
    ]);
    const dup = taskNode("a", "produce", {});
    dup.outputAliases = [create(AliasSchema, { var: "o", alias: "p" }), create(AliasSchema, { var: "o", alias: "q" })];
    expect(errs([dup]).map((e) => e.code)).toEqual([CompileErrorCode.DuplicateAlias]);
    const ghost = taskNode("a", "produce", {});
    ghost.outputAliases = [create(AliasSchema, { var: "ghost", alias: "g" })];
    expect(errs([ghost]).map((e) => e.code)).toEqual([CompileErrorCode.ParameterNotBound]);
  });

  it("fills the producer id of workflow-input promises with start-node in the output", () => {
    const c = mustCompile({
      primary: workflow("wf", { inputs: { a: types.integer() } }, [taskNode("b", "consume", { x: promise("", "a") })]),
      tasks: [consumeInt],
    });
    const b = c.primary?.template?.nodes.find((n) => n.id === "b");
    const v = b?.inputs[0]?.binding?.value;
    expect(v?.case === "promise" ? v.value.nodeId : undefined).toBe("start-node");
  });
});
