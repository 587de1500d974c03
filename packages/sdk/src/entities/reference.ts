import { addNode } from "../authoring/call.js";
import { callSite } from "../authoring/call-site.js";
import { makeInterface, type OutputSpec } from "../authoring/interface.js";
import { runLocally } from "../authoring/local-runner.js";
import type { TypeMap } from "../types/flyte-type.js";
import { makeCallable } from "./callable.js";
import { LaunchPlanEntity } from "./launch-plan-entity.js";
import type { LaunchPlanFn } from "./launch-plan.js";
import { launchPlanCallable } from "./launch-plan.js";
import { TaskEntity } from "./task-entity.js";
import type { TaskFn } from "./task.js";
import { WorkflowEntity } from "./workflow-entity.js";
import type { WorkflowFn } from "./workflow.js";

/** Where a registered entity lives, and its typed interface. */
export interface ReferenceOptions<I extends TypeMap, O extends OutputSpec> {
  readonly project: string;
  readonly domain: string;
  readonly name: string;
  readonly version: string;
  readonly inputs?: I;
  readonly outputs?: O;
}

function refOf(o: ReferenceOptions<TypeMap, OutputSpec>) {
  return { project: o.project, domain: o.domain, version: o.version };
}

/** A task registered elsewhere (another project, or another version), used by reference. */
export function referenceTask<I extends TypeMap = Record<never, never>, O extends OutputSpec = undefined>(
  options: ReferenceOptions<I, O>,
): TaskFn<I, O> {
  const entity = new TaskEntity({
    iface: makeInterface(options),
    settings: { name: options.name },
    variant: { kind: "reference" },
    definedAt: callSite(),
    reference: refOf(options),
  });
  const run = (inputs: Readonly<Record<string, unknown>> = {}) => runLocally(entity, inputs);
  return makeCallable(
    entity,
    {
      inWorkflow: (builder, inputs, overrides) =>
        addNode({ builder, entity, target: { kind: "task", entity }, inputs, overrides }),
      outside: run,
    },
    { run, execute: () => Promise.reject(new Error(`${entity.label} is a reference: it runs where it is registered`)) },
  ) as unknown as TaskFn<I, O>;
}

/**
 * A workflow registered elsewhere. Inside a workflow it becomes a launch-plan node running the
 * workflow's default launch plan (same project, domain, name and version), since a sub-workflow
 * must be compiled inline and a reference has no graph here.
 */
export function referenceWorkflow<I extends TypeMap = Record<never, never>, O extends OutputSpec = undefined>(
  options: ReferenceOptions<I, O>,
): WorkflowFn<I, O> {
  const iface = makeInterface(options);
  const workflow = new WorkflowEntity({
    iface,
    settings: { name: options.name },
    definedAt: callSite(),
    reference: refOf(options),
  });
  const lp = new LaunchPlanEntity({
    iface,
    workflow,
    settings: {},
    definedAt: workflow.definedAt,
    isDefault: true,
    reference: refOf(options),
  });
  const run = (inputs: Readonly<Record<string, unknown>> = {}) => runLocally(workflow, inputs);
  return makeCallable(
    workflow,
    {
      inWorkflow: (builder, inputs, overrides) =>
        addNode({ builder, entity: lp, target: { kind: "launchPlan", entity: lp }, inputs, overrides }),
      outside: run,
    },
    { run },
  ) as unknown as WorkflowFn<I, O>;
}

/** A launch plan registered elsewhere: calling it in a workflow starts a child execution. */
export function referenceLaunchPlan<I extends TypeMap = Record<never, never>, O extends OutputSpec = undefined>(
  options: ReferenceOptions<I, O>,
): LaunchPlanFn<I, O, never, never> {
  const iface = makeInterface(options);
  const workflow = new WorkflowEntity({ iface, settings: {}, definedAt: callSite() });
  const entity = new LaunchPlanEntity({
    iface,
    workflow,
    settings: { name: options.name },
    definedAt: workflow.definedAt,
    reference: refOf(options),
  });
  return launchPlanCallable(entity) as LaunchPlanFn<I, O, never, never>;
}
