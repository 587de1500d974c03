import { create } from "@bufbuild/protobuf";
import { compileTask, compileWorkflow, formatCompileErrors } from "@flyte-ts/compiler";
import type { CompiledTask, CompiledWorkflowClosure } from "@flyte-ts/idl/gen/flyteidl/core/compiler_pb";
import { IdentifierSchema, ResourceType } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import type { LaunchPlan } from "@flyte-ts/idl/gen/flyteidl/admin/launch_plan_pb";
import { BindingSchema, type Literal, type LiteralMap } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import type { TaskTemplate } from "@flyte-ts/idl/gen/flyteidl/core/tasks_pb";
import { NodeSchema, WorkflowTemplateSchema } from "@flyte-ts/idl/gen/flyteidl/core/workflow_pb";
import { literalMap } from "@flyte-ts/idl";
import { UserError } from "@flyte-ts/core";
import { buildPackage, checkPackage, TaskEntity, type Entity } from "@flyte-ts/sdk";
import type { ResolvedLaunchPlan } from "../launchplan/in-process-launch-plan-executor.js";

const ENTITY = Symbol.for("flyte.entity");

/** What a local run executes: the root closure, launch plans by name, and inputs the root's launch plan fixes. */
export interface LocalBuild {
  readonly closure: CompiledWorkflowClosure;
  readonly launchPlans: ReadonlyMap<string, ResolvedLaunchPlan>;
  /** Default and fixed inputs when the root is a launch plan. */
  readonly rootLaunchPlan?: ResolvedLaunchPlan;
}

/**
 * Serializes `root` and everything it uses with the SDK (the same files `flyte package` writes)
 * and compiles them with the compiler, as registration would. A task root (a dynamic task called
 * directly) is wrapped in a one-node workflow.
 */
export async function buildLocal(root: Entity): Promise<LocalBuild> {
  const pkg = await buildPackage([{ modulePath: "local.ts", exports: { root: { [ENTITY]: root } } }]);
  const check = checkPackage(pkg);
  if (!check.ok) {
    throw new UserError(
      "LocalCompileFailed",
      `${root.label} does not compile:\n${check.errors.map((e) => `${e.fileName}: ${e.message}`).join("\n")}`,
    );
  }
  const byWorkflowName = new Map<string, CompiledWorkflowClosure>();
  for (const e of pkg.entries) {
    if (e.kind !== "workflow") continue;
    const c = check.workflows.get(e.fileName);
    if (c) byWorkflowName.set(e.name, c);
  }
  const launchPlans = new Map<string, ResolvedLaunchPlan>();
  for (const e of pkg.entries) {
    if (e.kind !== "launchPlan") continue;
    const closure = byWorkflowName.get(e.message.spec?.workflowId?.name ?? "");
    if (closure) launchPlans.set(e.name, { closure, ...launchPlanInputs(e.message) });
  }
  const name = root.name ?? "";
  switch (root.kind) {
    case "workflow": {
      const closure = byWorkflowName.get(name);
      if (!closure) throw new UserError("LocalCompileFailed", `${root.label} was not serialized`);
      return { closure, launchPlans };
    }
    case "launchPlan": {
      const lp = launchPlans.get(name);
      if (!lp) throw new UserError("LocalCompileFailed", `${root.label} was not serialized`);
      return { closure: lp.closure, launchPlans, rootLaunchPlan: lp };
    }
    case "task": {
      const templates = pkg.entries.flatMap((e) =>
        e.kind === "task" && e.message.template ? [e.message.template] : [],
      );
      const template = templates.find((t) => t.id?.name === name);
      if (!template || !(root instanceof TaskEntity))
        throw new UserError("LocalCompileFailed", `${root.label} was not serialized`);
      return { closure: wrapTask(template, templates), launchPlans };
    }
  }
}

function launchPlanInputs(lp: LaunchPlan): { defaultInputs: LiteralMap; fixedInputs: LiteralMap } {
  const defaults: Record<string, Literal> = {};
  for (const [k, p] of Object.entries(lp.spec?.defaultInputs?.parameters ?? {})) {
    if (p.behavior.case === "default") defaults[k] = p.behavior.value;
  }
  return { defaultInputs: literalMap(defaults), fixedInputs: lp.spec?.fixedInputs ?? literalMap({}) };
}

/** A one-node workflow around a task: inputs from the start node, outputs from the node. */
function wrapTask(task: TaskTemplate, all: readonly TaskTemplate[]): CompiledWorkflowClosure {
  const iface = task.interface;
  const promise = (nodeId: string, v: string) =>
    create(BindingSchema, { var: v, binding: { value: { case: "promise", value: { nodeId, var: v } } } });
  const node = create(NodeSchema, {
    id: "n0",
    metadata: { name: task.id?.name ?? "task" },
    inputs: Object.keys(iface?.inputs?.variables ?? {}).map((v) => promise("start-node", v)),
    target: {
      case: "taskNode",
      value: { reference: { case: "referenceId", value: task.id ?? create(IdentifierSchema) } },
    },
  });
  const primary = create(WorkflowTemplateSchema, {
    id: create(IdentifierSchema, { resourceType: ResourceType.WORKFLOW, name: `${task.id?.name ?? "task"}_local` }),
    ...(iface ? { interface: iface } : {}),
    nodes: [node],
    outputs: Object.keys(iface?.outputs?.variables ?? {}).map((v) =>
      create(BindingSchema, { var: v, binding: { value: { case: "promise", value: { nodeId: "n0", var: v } } } }),
    ),
  });
  const tasks: CompiledTask[] = [];
  for (const t of all) {
    const r = compileTask(t);
    if (r.ok) tasks.push(r.value);
  }
  const r = compileWorkflow({ primary, tasks });
  if (!r.ok) throw new UserError("LocalCompileFailed", formatCompileErrors(r.errors));
  return r.value;
}
