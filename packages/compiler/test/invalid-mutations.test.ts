import { readFileSync } from "node:fs";
import path from "node:path";
import { fromBinary, fromJson } from "@bufbuild/protobuf";
import { TaskSpecSchema } from "@flyte-ts/idl/gen/flyteidl/admin/task_pb";
import { WorkflowSpecSchema } from "@flyte-ts/idl/gen/flyteidl/admin/workflow_pb";
import type { CompiledTask } from "@flyte-ts/idl/gen/flyteidl/core/compiler_pb";
import { WorkflowClosureSchema } from "@flyte-ts/idl/gen/flyteidl/core/workflow_closure_pb";
import type { WorkflowTemplate } from "@flyte-ts/idl/gen/flyteidl/core/workflow_pb";
import { describe, expect, it } from "vitest";
import { CompileErrorCode, compileTask, compileWorkflow, getRequirements, type CompileError } from "../src/index.js";
import { conformanceDir, readJson } from "./golden.js";

const snacks = path.join(conformanceDir(), "snacks-core");

/** core.flyte_basics.basic_workflow.my_wf: n0 = t1(a) -> (c: STRING, t1_int_output: INTEGER); n1 = t2(a: STRING = n0.c, b: STRING = b). */
function basicWorkflow(): { wf: WorkflowTemplate; tasks: CompiledTask[] } {
  const spec = fromBinary(
    WorkflowSpecSchema,
    readFileSync(path.join(snacks, "085_core.flyte_basics.basic_workflow.my_wf_2.pb")),
  );
  const wf = spec.template as WorkflowTemplate;
  const tasks = ["083_core.flyte_basics.basic_workflow.t1_1.pb", "084_core.flyte_basics.basic_workflow.t2_1.pb"].map(
    (f) => {
      const t = fromBinary(TaskSpecSchema, readFileSync(path.join(snacks, f)));
      const r = compileTask(t.template as NonNullable<typeof t.template>);
      if (!r.ok) throw new Error("task failed");
      return r.value;
    },
  );
  return { wf, tasks };
}

function errorsOf(wf: WorkflowTemplate, tasks: CompiledTask[]): CompileError[] {
  const r = compileWorkflow({ primary: wf, tasks });
  if (r.ok) throw new Error("expected the mutated workflow to be rejected");
  return r.errors;
}

function node(wf: WorkflowTemplate, id: string) {
  const n = wf.nodes.find((x) => x.id === id);
  if (!n) throw new Error(`no node ${id}`);
  return n;
}

function expectError(errors: CompileError[], code: CompileErrorCode, nodeId: string, variable?: string): CompileError {
  const e = errors.find((x) => x.code === code);
  expect(e, `expected a ${code} error among ${JSON.stringify(errors)}`).toBeDefined();
  if (!e) throw new Error("unreachable");
  expect(e.nodeId).toBe(nodeId);
  expect(e.message).toContain(nodeId);
  if (variable !== undefined) {
    expect(e.variable).toBe(variable);
    expect(e.message).toContain(`'${variable}'`);
  }
  return e;
}

describe("invalid variations of real workflows are rejected with actionable errors", () => {
  it("the unmodified workflow compiles", () => {
    const { wf, tasks } = basicWorkflow();
    expect(compileWorkflow({ primary: wf, tasks }).ok).toBe(true);
  });

  it("a dropped required binding is ParameterNotBound naming node and input", () => {
    const { wf, tasks } = basicWorkflow();
    const n1 = node(wf, "n1");
    n1.inputs = n1.inputs.filter((b) => b.var !== "b");
    const e = expectError(errorsOf(wf, tasks), CompileErrorCode.ParameterNotBound, "n1", "b");
    expect(e.message).toBe("node n1: required input 'b' (STRING) is not bound");
  });

  it("an INTEGER output bound to a STRING input is MismatchingTypes naming both ends", () => {
    const { wf, tasks } = basicWorkflow();
    const a = node(wf, "n1").inputs.find((b) => b.var === "a");
    const p = a?.binding?.value;
    if (p?.case !== "promise") throw new Error("expected a promise");
    p.value.var = "t1_int_output";
    const e = expectError(errorsOf(wf, tasks), CompileErrorCode.MismatchingTypes, "n1", "a");
    expect(e.message).toBe("node n1: input 'a' expects STRING but is bound to n0.t1_int_output of type INTEGER");
  });

  it("an added cycle is CycleDetected with the path", () => {
    const { wf, tasks } = basicWorkflow();
    node(wf, "n0").upstreamNodeIds = ["n1"];
    const errors = errorsOf(wf, tasks);
    const e = errors.find((x) => x.code === CompileErrorCode.CycleDetected);
    expect(e?.message).toMatch(/start-node>n0>n1>n0/);
  });

  it("a binding to a missing node is NodeReferenceNotFound naming node, input and the missing node", () => {
    const { wf, tasks } = basicWorkflow();
    const a = node(wf, "n1").inputs.find((b) => b.var === "a");
    if (a?.binding?.value.case !== "promise") throw new Error("expected a promise");
    a.binding.value.value.nodeId = "n7";
    const e = expectError(errorsOf(wf, tasks), CompileErrorCode.NodeReferenceNotFound, "n1", "a");
    expect(e.message).toContain("n7");
  });

  it("a branch with neither else nor error is BranchNodeHasNoDefault naming the branch node", () => {
    const closure = fromJson(WorkflowClosureSchema, readJson(path.join(conformanceDir(), "branch", "success_1.json")));
    const wf = closure.workflow as WorkflowTemplate;
    const branch = wf.nodes.find((n) => n.target.case === "branchNode");
    if (branch?.target.case !== "branchNode" || !branch.target.value.ifElse) throw new Error("expected a branch node");
    branch.target.value.ifElse.default = { case: undefined };
    const tasks = closure.tasks.map((t) => {
      const r = compileTask(t);
      if (!r.ok) throw new Error("task failed");
      return r.value;
    });
    const e = expectError(errorsOf(wf, tasks), CompileErrorCode.BranchNodeHasNoDefault, branch.id);
    expect(e.message).toContain("else");
  });

  it("collects every error instead of stopping at the first", () => {
    const { wf, tasks } = basicWorkflow();
    const n1 = node(wf, "n1");
    n1.inputs = n1.inputs.filter((b) => b.var !== "b");
    const a = n1.inputs.find((b) => b.var === "a");
    if (a?.binding?.value.case !== "promise") throw new Error("expected a promise");
    a.binding.value.value.var = "t1_int_output";
    const codes = errorsOf(wf, tasks).map((e) => e.code);
    expect(codes).toContain(CompileErrorCode.ParameterNotBound);
    expect(codes).toContain(CompileErrorCode.MismatchingTypes);
  });

  it("a referenced task that was not provided is TaskReferenceNotFound naming the node", () => {
    const { wf, tasks } = basicWorkflow();
    const reqs = getRequirements(wf, []);
    expect(reqs.tasks.map((t) => t.name).sort()).toEqual([
      "core.flyte_basics.basic_workflow.t1",
      "core.flyte_basics.basic_workflow.t2",
    ]);
    const errors = errorsOf(wf, tasks.slice(0, 1));
    expectError(errors, CompileErrorCode.TaskReferenceNotFound, "n1");
  });

  it("never modifies its input", () => {
    const { wf, tasks } = basicWorkflow();
    const before = wf.nodes.length;
    const r = compileWorkflow({ primary: wf, tasks });
    expect(r.ok).toBe(true);
    expect(wf.nodes.length).toBe(before);
    expect(wf.nodes.map((n) => n.id)).not.toContain("start-node");
    expect(r.ok && r.value.primary?.template?.nodes.map((n) => n.id).slice(0, 2)).toEqual(["start-node", "end-node"]);
  });
});
