import { create } from "@bufbuild/protobuf";
import { compileTask, compileWorkflow, formatCompileErrors, type LaunchPlanInterface } from "@flyte-ts/compiler";
import type { CompiledTask, CompiledWorkflowClosure } from "@flyte-ts/idl/gen/flyteidl/core/compiler_pb";
import { ParameterMapSchema } from "@flyte-ts/idl/gen/flyteidl/core/interface_pb";
import { TaskTemplateSchema } from "@flyte-ts/idl/gen/flyteidl/core/tasks_pb";
import type { Entity } from "../entities/entity.js";
import { TaskEntity } from "../entities/task-entity.js";
import { identifierOf } from "./identifiers.js";
import { typedInterface } from "./interface.js";
import type { Package } from "./package.js";

/** The outcome of compiling a package: compiled workflows by file, and every error by file. */
export interface PackageCheck {
  readonly ok: boolean;
  readonly errors: readonly { readonly fileName: string; readonly message: string }[];
  readonly workflows: ReadonlyMap<string, CompiledWorkflowClosure>;
}

/**
 * Compiles every task and workflow of a package with our compiler, as registration would:
 * launch-plan interfaces come from the package's launch plans, reference entities from their
 * declared interfaces.
 */
export function checkPackage(pkg: Package): PackageCheck {
  const errors: { fileName: string; message: string }[] = [];
  const tasks: CompiledTask[] = [];
  for (const e of pkg.entries) {
    if (e.kind !== "task" || !e.message.template) continue;
    const r = compileTask(e.message.template);
    if (r.ok) tasks.push(r.value);
    else errors.push({ fileName: e.fileName, message: formatCompileErrors(r.errors) });
  }
  const launchPlans: LaunchPlanInterface[] = [];
  for (const e of pkg.entries) {
    if (e.kind !== "launchPlan") continue;
    const wfName = e.message.spec?.workflowId?.name;
    const wf = pkg.entries.find((w) => w.kind === "workflow" && w.name === wfName);
    const iface = wf?.kind === "workflow" ? wf.message.template?.interface : undefined;
    if (!e.message.id || !iface) {
      errors.push({ fileName: e.fileName, message: `launch plan's workflow '${wfName ?? "?"}' is not in the package` });
      continue;
    }
    launchPlans.push({
      id: e.message.id,
      interface: iface,
      ...(e.message.spec?.defaultInputs ? { expectedInputs: e.message.spec.defaultInputs } : {}),
    });
  }
  for (const r of pkg.references) addReference(r, tasks, launchPlans);
  const workflows = new Map<string, CompiledWorkflowClosure>();
  for (const e of pkg.entries) {
    if (e.kind !== "workflow" || !e.message.template) continue;
    const r = compileWorkflow({
      primary: e.message.template,
      subWorkflows: e.message.subWorkflows,
      tasks,
      launchPlans,
    });
    if (r.ok) workflows.set(e.fileName, r.value);
    else errors.push({ fileName: e.fileName, message: formatCompileErrors(r.errors) });
  }
  return { ok: errors.length === 0, errors, workflows };
}

function addReference(r: Entity, tasks: CompiledTask[], launchPlans: LaunchPlanInterface[]): void {
  const iface = typedInterface(r.iface);
  if (r instanceof TaskEntity) {
    const template = create(TaskTemplateSchema, {
      id: identifierOf(r),
      type: "reference",
      interface: iface,
      target: { case: "container", value: { image: "reference", args: ["reference"] } },
    });
    const compiled = compileTask(template);
    if (compiled.ok) tasks.push(compiled.value);
    return;
  }
  const parameters = Object.fromEntries(
    Object.entries(iface.inputs?.variables ?? {}).map(([k, v]) => [
      k,
      { var: v, behavior: { case: "required" as const, value: true } },
    ]),
  );
  launchPlans.push({
    id: identifierOf(r, undefined, "launchPlan"),
    interface: iface,
    expectedInputs: create(ParameterMapSchema, { parameters }),
  });
}
