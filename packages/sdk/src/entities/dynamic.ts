import type { DynamicJobSpec } from "@flyte-ts/idl/gen/flyteidl/core/dynamic_job_pb";
import type { LiteralMap } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { addNode } from "../authoring/call.js";
import { callSite } from "../authoring/call-site.js";
import { buildGraph } from "../authoring/build-graph.js";
import { makeInterface, type NoExtraOutputs, type OutputSpec, type WorkflowReturn } from "../authoring/interface.js";
import { runLocally } from "../authoring/local-runner.js";
import { dynamicJobSpec } from "../serialize/dynamic-job.js";
import type { SerializeConfig } from "../serialize/config.js";
import { DEFAULT_IMAGE } from "../serialize/config.js";
import type { InferMap, TypeMap } from "../types/flyte-type.js";
import { makeCallable } from "./callable.js";
import { TaskEntity } from "./task-entity.js";
import type { TaskFn, TaskOptions } from "./task.js";
import type { TaskSettings } from "./task-options.js";
import { inputsFromLiterals, type RunOptions } from "./task-run.js";

/** A dynamic task: its body runs when the task runs, with real input values, and builds a workflow. */
export interface DynamicFn<I extends TypeMap, O extends OutputSpec, DK extends PropertyKey = never> extends TaskFn<
  I,
  O,
  DK
> {
  /** Runs the body on literal inputs and returns the workflow it built (the task runtime writes it to futures.pb). */
  expand(inputs: LiteralMap, opts?: RunOptions & { config?: SerializeConfig }): Promise<DynamicJobSpec>;
}

/**
 * Defines a dynamic task (flytekit's `@dynamic`). The body gets values, not promises, so it can
 * loop and recurse; the tasks it calls form the sub-workflow that runs next.
 */
export function dynamic<
  I extends TypeMap = Record<never, never>,
  O extends OutputSpec = undefined,
  D = Record<never, never>,
  R extends WorkflowReturn<O> = WorkflowReturn<O>,
>(options: TaskOptions<I, O, D>, body: (inputs: InferMap<I>) => R & NoExtraOutputs<R, O>): DynamicFn<I, O, keyof D> {
  const entity = new TaskEntity({
    iface: makeInterface(options),
    settings: options as TaskSettings,
    variant: { kind: "dynamic", fn: body as (inputs: Record<string, unknown>) => unknown },
    fnName: body.name || undefined,
    definedAt: callSite(),
  });
  const run = (inputs: Readonly<Record<string, unknown>> = {}) => runLocally(entity, inputs);
  const expand = async (literals: LiteralMap, opts: RunOptions & { config?: SerializeConfig } = {}) => {
    const inputs = await inputsFromLiterals(entity.label, entity.iface, literals, opts);
    const graph = buildGraph(entity.label, entity.iface, body as (inputs: Record<string, unknown>) => unknown, inputs);
    return dynamicJobSpec(entity, graph, opts.config ?? { image: DEFAULT_IMAGE });
  };
  return makeCallable(
    entity,
    {
      inWorkflow: (builder, inputs, overrides) =>
        addNode({ builder, entity, target: { kind: "task", entity }, inputs, overrides }),
      outside: run,
    },
    {
      run,
      expand,
      execute: () => Promise.reject(new Error(`${entity.label} is dynamic: use expand() to get its workflow`)),
    },
  ) as unknown as DynamicFn<I, O, keyof D>;
}
