import { readFileSync } from "node:fs";
import path from "node:path";
import { create, fromBinary, fromJson, toJson } from "@bufbuild/protobuf";
import { TaskSpecSchema } from "@flyte-ts/idl/gen/flyteidl/admin/task_pb";
import { WorkflowSpecSchema } from "@flyte-ts/idl/gen/flyteidl/admin/workflow_pb";
import {
  CompiledTaskSchema,
  CompiledWorkflowClosureSchema,
  type CompiledTask,
} from "@flyte-ts/idl/gen/flyteidl/core/compiler_pb";
import { DynamicJobSpecSchema } from "@flyte-ts/idl/gen/flyteidl/core/dynamic_job_pb";
import { IdentifierSchema } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import { TypedInterfaceSchema, VariableMapSchema, VariableSchema } from "@flyte-ts/idl/gen/flyteidl/core/interface_pb";
import type { TaskTemplate } from "@flyte-ts/idl/gen/flyteidl/core/tasks_pb";
import { WorkflowClosureSchema } from "@flyte-ts/idl/gen/flyteidl/core/workflow_closure_pb";
import { WorkflowTemplateSchema, type WorkflowTemplate } from "@flyte-ts/idl/gen/flyteidl/core/workflow_pb";
import { types } from "@flyte-ts/idl";
import { describe, expect, it } from "vitest";
import { compileTask, compileWorkflow, formatCompileErrors, getRequirements } from "../src/index.js";
import { closureJson, conformanceDir, dropTestConfig, listFiles, normaliseClosure, readJson } from "./golden.js";

const root = conformanceDir();
const snacks = path.join(root, "snacks-core");
const parse = { ignoreUnknownFields: false } as const;

function mustCompileTask(template: TaskTemplate): CompiledTask {
  const r = compileTask(template);
  if (!r.ok) throw new Error(`task ${template.id?.name ?? "?"} failed to compile:\n${formatCompileErrors(r.errors)}`);
  return r.value;
}

/** Every task template in snacks-core, by name (ids in a package carry no project/domain/version). */
const tasksByName = new Map<string, TaskTemplate>();
for (const f of listFiles(snacks, "_1.pb")) {
  const spec = fromBinary(TaskSpecSchema, readFileSync(path.join(snacks, f)));
  if (spec.template?.id) tasksByName.set(spec.template.id.name, spec.template);
}

/** Compiles a workflow with the tasks it needs, looked up by name. */
function compileWithTasks(
  primary: WorkflowTemplate,
  subWorkflows: WorkflowTemplate[],
  lookup: (name: string) => TaskTemplate | undefined,
) {
  const reqs = getRequirements(primary, subWorkflows);
  const tasks = reqs.tasks.map((id) => {
    const t = lookup(id.name);
    if (!t) throw new Error(`task ${id.name} referenced by ${primary.id?.name ?? "?"} not found`);
    return mustCompileTask(t);
  });
  return compileWorkflow({ primary, subWorkflows, tasks });
}

function expectClosureMatches(actual: ReturnType<typeof compileWorkflow>, goldenFile: string): void {
  if (!actual.ok) throw new Error(formatCompileErrors(actual.errors));
  const golden = fromJson(CompiledWorkflowClosureSchema, readJson(goldenFile), parse);
  expect(normaliseClosure(closureJson(actual.value))).toEqual(
    normaliseClosure(toJson(CompiledWorkflowClosureSchema, golden)),
  );
}

describe("conformance: snacks-core tasks (_1.pb → compiled/*_1_task.json)", () => {
  const files = listFiles(snacks, "_1.pb");
  it("finds the task files", () => expect(files.length).toBeGreaterThan(40));
  for (const f of files) {
    it(f, () => {
      const spec = fromBinary(TaskSpecSchema, readFileSync(path.join(snacks, f)));
      expect(spec.template).toBeDefined();
      const compiled = mustCompileTask(spec.template as TaskTemplate);
      const goldenJson = readJson(path.join(snacks, "compiled", f.replace(/\.pb$/, "_task.json")));
      const golden = toJson(CompiledTaskSchema, fromJson(CompiledTaskSchema, goldenJson, parse));
      dropTestConfig(golden);
      expect(toJson(CompiledTaskSchema, compiled)).toEqual(golden);
      // and with every default filled in on both sides
      const full = { alwaysEmitImplicit: true } as const;
      const goldenFull = toJson(CompiledTaskSchema, fromJson(CompiledTaskSchema, golden, parse), full);
      expect(toJson(CompiledTaskSchema, compiled, full)).toEqual(goldenFull);
    });
  }
});

describe("conformance: snacks-core workflows (_2.pb → compiled/*_2_wf.json)", () => {
  const files = listFiles(snacks, "_2.pb");
  it("finds the workflow files", () => expect(files.length).toBeGreaterThan(20));
  for (const f of files) {
    it(f, () => {
      const spec = fromBinary(WorkflowSpecSchema, readFileSync(path.join(snacks, f)));
      const result = compileWithTasks(spec.template as WorkflowTemplate, spec.subWorkflows, (n) => tasksByName.get(n));
      const golden = path.join(snacks, "compiled", f.replace(/\.pb$/, "_wf.json"));
      if (listFiles(path.join(snacks, "compiled"), "_wf.json").includes(path.basename(golden))) {
        expectClosureMatches(result, golden);
      } else {
        // Flyte produced no golden for this one (its harness cannot read sub-workflows): it must compile.
        if (!result.ok) throw new Error(formatCompileErrors(result.errors));
        expect(result.value.primary?.template?.nodes.length).toBeGreaterThan(2);
      }
    });
  }
});

describe("conformance: branch closures (branch/*.json → branch/compiled/*.json)", () => {
  const dir = path.join(root, "branch");
  for (const f of listFiles(dir, ".json")) {
    it(f, () => {
      const closure = fromJson(WorkflowClosureSchema, readJson(path.join(dir, f)), parse);
      // Flyte's branch harness passed every task of the closure, referenced or not: so do we.
      const tasks = closure.tasks.map(mustCompileTask);
      const result = compileWorkflow({ primary: closure.workflow as WorkflowTemplate, tasks });
      expectClosureMatches(result, path.join(dir, "compiled", f));
    });
  }
});

describe("conformance: dynamic job specs (dynamic/*.json)", () => {
  const dir = path.join(root, "dynamic");
  for (const f of listFiles(dir, ".json")) {
    it(`${f} compiles`, () => {
      const job = fromJson(DynamicJobSpecSchema, readJson(path.join(dir, f)), parse);
      // As Flyte's harness does: wrap the job's nodes in a workflow whose output is a list of integers.
      const primary = create(WorkflowTemplateSchema, {
        id: create(IdentifierSchema, { domain: "domain", name: "name", version: "version" }),
        interface: create(TypedInterfaceSchema, {
          inputs: create(VariableMapSchema),
          outputs: create(VariableMapSchema, {
            variables: { o0: create(VariableSchema, { type: types.collection(types.integer()) }) },
          }),
        }),
        nodes: job.nodes,
        outputs: job.outputs,
      });
      const tasks = job.tasks.map(mustCompileTask);
      const result = compileWorkflow({ primary, subWorkflows: job.subworkflows, tasks });
      if (!result.ok) throw new Error(formatCompileErrors(result.errors));
      const nodes = result.value.primary?.template?.nodes ?? [];
      expect(nodes.length).toBe(job.nodes.length + 2);
      expect(Object.keys(result.value.primary?.connections?.downstream ?? {})).toContain("start-node");
    });
  }
});
