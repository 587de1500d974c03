import { addNode } from "../authoring/call.js";
import { callSite } from "../authoring/call-site.js";
import { buildGraph } from "../authoring/build-graph.js";
import type { NodeOverrides } from "../authoring/graph.js";
import {
  makeInterface,
  type CallResult,
  type Docs,
  type InputRefs,
  type InputValues,
  type NoExtraOutputs,
  type OutputSpec,
  type OutputValue,
  type WorkflowReturn,
} from "../authoring/interface.js";
import { runLocally } from "../authoring/local-runner.js";
import type { TypeMap } from "../types/flyte-type.js";
import { makeCallable } from "./callable.js";
import type { CallArgs, RunArgs } from "./task.js";
import { WorkflowEntity, type WorkflowSettings } from "./workflow-entity.js";

/** What `workflow(...)` takes besides the body: the interface, defaults, docs and workflow settings. */
export interface WorkflowOptions<I extends TypeMap, O extends OutputSpec, D> extends WorkflowSettings {
  readonly inputs?: I;
  readonly outputs?: O;
  /** Defaults of inputs: they become the default launch plan's default inputs. */
  readonly defaults?: InputValues<I, D>;
  readonly docs?: Docs<I, O>;
}

/** A workflow: call it in another workflow body for a sub-workflow node; outside, it runs locally. */
export interface WorkflowFn<I extends TypeMap, O extends OutputSpec, DK extends PropertyKey = never> {
  (...args: CallArgs<I, DK>): CallResult<O>;
  readonly entity: WorkflowEntity;
  /** Runs the workflow through the registered local runner (same as calling it outside a workflow). */
  run(...args: RunArgs<I, DK>): Promise<OutputValue<O>>;
  withOverrides(overrides: NodeOverrides): (...args: CallArgs<I, DK>) => CallResult<O>;
  readonly __inputs?: I;
  readonly __outputs?: O;
}

/**
 * Defines a workflow. The body runs once, now, with promises of the inputs, and builds the graph.
 *
 * ```ts
 * export const wf = workflow({ inputs: { a: t.int }, outputs: t.int }, ({ a }) => double({ n: add({ a, b: 1 }) }));
 * ```
 */
export function workflow<
  I extends TypeMap = Record<never, never>,
  O extends OutputSpec = undefined,
  D = Record<never, never>,
  R extends WorkflowReturn<O> = WorkflowReturn<O>,
>(
  options: WorkflowOptions<I, O, D>,
  body: (inputs: InputRefs<I>) => R & NoExtraOutputs<R, O>,
): WorkflowFn<I, O, keyof D> {
  const entity = new WorkflowEntity({
    iface: makeInterface(options),
    settings: options,
    fnName: body.name || undefined,
    definedAt: callSite(),
  });
  const graph = buildGraph(entity.label, entity.iface, body as (inputs: Record<string, unknown>) => unknown);
  entity.nodes = graph.nodes;
  entity.outputBindings = graph.outputs;
  return workflowCallable(entity) as WorkflowFn<I, O, keyof D>;
}

export function workflowCallable(entity: WorkflowEntity): unknown {
  const run = (inputs: Readonly<Record<string, unknown>> = {}) => runLocally(entity, inputs);
  return makeCallable(
    entity,
    {
      inWorkflow: (builder, inputs, overrides) =>
        addNode({ builder, entity, target: { kind: "workflow", entity }, inputs, overrides }),
      outside: run,
    },
    { run },
  );
}
