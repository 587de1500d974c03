import { addNode } from "../authoring/call.js";
import { callSite } from "../authoring/call-site.js";
import type { NodeOverrides } from "../authoring/graph.js";
import {
  makeInterface,
  type CallInputs,
  type CallResult,
  type Docs,
  type InputValues,
  type OutputSpec,
  type OutputValue,
  type RunInputs,
} from "../authoring/interface.js";
import type { LiteralMap } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import type { InferMap, TypeMap } from "../types/flyte-type.js";
import { makeCallable } from "./callable.js";
import { TaskEntity } from "./task-entity.js";
import type { TaskSettings } from "./task-options.js";
import {
  collectOutputs,
  inputsFromLiterals,
  outputsToLiterals,
  prepareInputs,
  shapeOutputs,
  type RunOptions,
} from "./task-run.js";

/** What `task(...)` takes besides the body. */
export interface TaskOptions<I extends TypeMap, O extends OutputSpec, D> extends TaskSettings<keyof I> {
  readonly inputs?: I;
  readonly outputs?: O;
  /** Default values of inputs; an input with a default may be left out of calls. */
  readonly defaults?: InputValues<I, D>;
  readonly docs?: Docs<I, O>;
}

/**
 * Arguments of a call: none needed when every input is optional. An entity without inputs takes
 * only an empty object, so a stray input name is a compile error there too.
 */
export type CallArgs<I extends TypeMap, DK extends PropertyKey> = [keyof I] extends [never]
  ? [inputs?: Record<string, never>]
  : Record<string, never> extends CallInputs<I, DK>
    ? [inputs?: CallInputs<I, DK>]
    : [inputs: CallInputs<I, DK>];
/** Arguments of a local run (`.run(...)`): input values, then run options. */
export type RunArgs<I extends TypeMap, DK extends PropertyKey> = [keyof I] extends [never]
  ? [inputs?: Record<string, never>, opts?: RunOptions]
  : Record<string, never> extends RunInputs<I, DK>
    ? [inputs?: RunInputs<I, DK>, opts?: RunOptions]
    : [inputs: RunInputs<I, DK>, opts?: RunOptions];

/** A task: call it in a workflow body to add a node; `run` it to execute the body directly. */
export interface TaskFn<I extends TypeMap, O extends OutputSpec, DK extends PropertyKey = never> {
  (...args: CallArgs<I, DK>): CallResult<O>;
  readonly entity: TaskEntity;
  /** Runs the body locally with inputs and outputs checked by the type engine. */
  run(...args: RunArgs<I, DK>): Promise<OutputValue<O>>;
  /** Runs the body on literal inputs and returns literal outputs (the task runtime's entry). */
  execute(inputs: LiteralMap, opts?: RunOptions): Promise<LiteralMap>;
  /** The same task with node settings overridden for one call. */
  withOverrides(overrides: NodeOverrides): (...args: CallArgs<I, DK>) => CallResult<O>;
  /** Type carriers: the declared inputs and outputs. */
  readonly __inputs?: I;
  readonly __outputs?: O;
}

/**
 * Defines a task. Types are declared once; the body receives typed values.
 *
 * ```ts
 * export const add = task({ inputs: { a: t.int, b: t.int }, outputs: t.int }, ({ a, b }) => a + b);
 * ```
 */
export function task<
  I extends TypeMap = Record<never, never>,
  O extends OutputSpec = undefined,
  D = Record<never, never>,
>(
  options: TaskOptions<I, O, D>,
  fn: (inputs: InferMap<I>) => OutputValue<O> | Promise<OutputValue<O>>,
): TaskFn<I, O, keyof D> {
  const entity = new TaskEntity({
    iface: makeInterface(options),
    settings: options as TaskSettings,
    variant: { kind: "function", fn: fn as (inputs: Record<string, unknown>) => unknown },
    fnName: fn.name || undefined,
    definedAt: callSite(),
  });
  return taskCallable(entity) as TaskFn<I, O, keyof D>;
}

/** The callable of a task entity whose body is a TS function. */
export function taskCallable(entity: TaskEntity): unknown {
  const run = async (inputs: Readonly<Record<string, unknown>> = {}, opts: RunOptions = {}) => {
    const outputs = await runTaskBody(entity, inputs, opts);
    return shapeOutputs(entity.iface, outputs);
  };
  const execute = async (literals: LiteralMap, opts: RunOptions = {}) => {
    const inputs = await inputsFromLiterals(entity.label, entity.iface, literals, opts);
    const outputs = await runTaskBody(entity, inputs, opts);
    return outputsToLiterals(entity.label, entity.iface, outputs, opts);
  };
  return makeCallable(
    entity,
    {
      inWorkflow: (builder, inputs, overrides) =>
        addNode({ builder, entity, target: { kind: "task", entity }, inputs, overrides }),
      outside: (inputs) => run(inputs),
    },
    { run, execute },
  );
}

async function runTaskBody(
  entity: TaskEntity,
  inputs: Readonly<Record<string, unknown>>,
  opts: RunOptions,
): Promise<Record<string, unknown>> {
  if (entity.variant.kind !== "function") {
    throw new TypeError(`${entity.label} has no TypeScript body to run`);
  }
  const prepared = await prepareInputs(entity.label, entity.iface, inputs, opts);
  const returned = await entity.variant.fn(prepared);
  return collectOutputs(entity.label, entity.iface, returned, opts);
}
