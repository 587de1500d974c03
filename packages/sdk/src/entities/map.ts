import { addNode } from "../authoring/call.js";
import { callSite } from "../authoring/call-site.js";
import { AuthoringError, AuthoringErrorCode } from "../authoring/errors.js";
import type { GraphNode, NodeOverrides } from "../authoring/graph.js";
import type { Bindable, OutputSpec } from "../authoring/interface.js";
import type { Ref } from "../authoring/refs.js";
import type { FlyteType, Infer, TypeMap } from "../types/flyte-type.js";
import { entityOf, makeCallable } from "./callable.js";
import { mapInputTypes, mapOutputTypes } from "./map-types.js";
import { TaskEntity } from "./task-entity.js";
import type { TaskFn } from "./task.js";
import { shapeOutputs } from "./task-run.js";

/** Options of `map(task, options)`: parallelism, how many items must succeed, and bound inputs. */
export interface MapOptions<B extends PropertyKey> {
  /** How many items run at once (ArrayNode parallelism); all at once when unset. */
  readonly concurrency?: number;
  /** Succeed when at least this many items succeed. */
  readonly minSuccesses?: number;
  /** Succeed when at least this fraction of items succeed (default 1). */
  readonly minSuccessRatio?: number;
  /** Inputs passed whole to every item instead of being mapped over (flytekit's `partial`). */
  readonly bound?: readonly B[];
}

type MappedInputs<I extends TypeMap, B extends PropertyKey> = {
  readonly [K in keyof I]: K extends B ? Bindable<Infer<I[K]>> : Bindable<Infer<I[K]>[]>;
};
type MappedValue<O extends OutputSpec> = [O] extends [undefined]
  ? void
  : O extends FlyteType<infer T>
    ? T[]
    : O extends TypeMap
      ? { [K in keyof O]: Infer<O[K]>[] }
      : never;
type MappedRefs<O extends OutputSpec> = [O] extends [undefined]
  ? { readonly nodeId: string }
  : O extends FlyteType<infer T>
    ? Ref<T[]>
    : O extends TypeMap
      ? { readonly [K in keyof O]: Ref<Infer<O[K]>[]> }
      : never;

/** A task mapped over lists: call it with lists, get lists. */
export interface MapTaskFn<I extends TypeMap, O extends OutputSpec, B extends PropertyKey> {
  (inputs: MappedInputs<I, B>): MappedRefs<O> & PromiseLike<MappedValue<O>>;
  readonly entity: TaskEntity;
  /** The same mapped task with node settings (resources, retries, ...) overridden for one call. */
  withOverrides(overrides: NodeOverrides): (inputs: MappedInputs<I, B>) => MappedRefs<O> & PromiseLike<MappedValue<O>>;
}

/**
 * Maps a task over lists (Flyte's ArrayNode). Every non-bound input becomes a list; item `i` of
 * each list goes to run `i`; each output becomes a list.
 */
export function map<
  I extends TypeMap,
  O extends OutputSpec,
  DK extends PropertyKey,
  B extends keyof I & string = never,
>(taskFn: TaskFn<I, O, DK>, options: MapOptions<B> = {}): MapTaskFn<I, O, B> {
  const of = entityOf(taskFn);
  if (!(of instanceof TaskEntity) || (of.variant.kind !== "function" && of.variant.kind !== "container")) {
    throw new AuthoringError(
      AuthoringErrorCode.InvalidEntity,
      `map(...) takes a task, got ${of ? of.label : "something else"}`,
    );
  }
  checkOptions(of, options);
  const bound = [...(options.bound ?? [])];
  const entity = new TaskEntity({
    iface: { ...of.iface, inputs: mapInputTypes(of.iface, bound), outputs: mapOutputTypes(of.iface), defaults: {} },
    settings: {},
    variant: { kind: "map", map: { of, boundInputs: bound } },
    definedAt: callSite(),
  });
  return makeCallable(
    entity,
    {
      inWorkflow: (builder, inputs, overrides) =>
        addNode({
          builder,
          entity,
          inputs,
          overrides,
          target: (id) => {
            const sub: GraphNode = {
              id: `${id}-n0`,
              target: { kind: "task", entity },
              inputs: new Map(),
              outputs: entity.iface.outputs,
              after: new Set(),
              overrides: {},
              label: `node ${id}-n0 (${entity.label})`,
            };
            return {
              kind: "array",
              entity,
              array: {
                sub,
                concurrency: options.concurrency,
                minSuccesses: options.minSuccesses,
                minSuccessRatio: options.minSuccessRatio,
                boundInputs: bound,
              },
            };
          },
        }),
      outside: (inputs) =>
        runMapped(
          of,
          taskFn as unknown as { run: (i: Record<string, unknown>) => Promise<unknown> },
          inputs,
          bound,
          options,
        ),
    },
    {},
  ) as unknown as MapTaskFn<I, O, B>;
}

function checkOptions(of: TaskEntity, o: MapOptions<PropertyKey>): void {
  const bad = (what: string) => new AuthoringError(AuthoringErrorCode.InvalidValue, `map(${of.label}): ${what}`);
  if (o.concurrency !== undefined && (!Number.isInteger(o.concurrency) || o.concurrency < 1))
    throw bad("concurrency must be a positive integer");
  if (o.minSuccessRatio !== undefined && !(o.minSuccessRatio >= 0 && o.minSuccessRatio <= 1))
    throw bad("minSuccessRatio must be between 0 and 1");
  if (o.minSuccesses !== undefined && (!Number.isInteger(o.minSuccesses) || o.minSuccesses < 0))
    throw bad("minSuccesses must be a non-negative integer");
  if (o.minSuccesses !== undefined && o.minSuccessRatio !== undefined)
    throw bad("give minSuccesses or minSuccessRatio, not both");
  for (const b of o.bound ?? []) {
    if (typeof b !== "string" || !(b in of.iface.inputs))
      throw bad(`bound input '${String(b)}' is not an input of the task`);
  }
}

/** Runs the mapped task locally, item by item (at most `concurrency` at a time). */
async function runMapped(
  of: TaskEntity,
  taskFn: { run: (i: Record<string, unknown>) => Promise<unknown> },
  inputs: Readonly<Record<string, unknown>>,
  bound: readonly string[],
  o: MapOptions<PropertyKey>,
): Promise<unknown> {
  const mapped = Object.keys(of.iface.inputs).filter((k) => !bound.includes(k));
  const lengths = mapped.map((k) => (Array.isArray(inputs[k]) ? (inputs[k] as unknown[]).length : -1));
  const n = lengths[0] ?? 0;
  if (lengths.some((l) => l !== n)) {
    throw new AuthoringError(
      AuthoringErrorCode.InvalidValue,
      `map(${of.label}): mapped inputs ${mapped.join(", ")} must be lists of the same length`,
    );
  }
  const results: (Record<string, unknown> | undefined)[] = new Array<Record<string, unknown> | undefined>(n);
  let failures = 0;
  let firstError: unknown;
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const i = next++;
      const item: Record<string, unknown> = {};
      for (const k of Object.keys(of.iface.inputs))
        item[k] = bound.includes(k) ? inputs[k] : (inputs[k] as unknown[])[i];
      try {
        const out = await taskFn.run(item);
        results[i] = of.iface.single ? { o0: out } : ((out ?? {}) as Record<string, unknown>);
      } catch (e) {
        failures++;
        firstError ??= e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(o.concurrency ?? n, n) || 1 }, worker));
  const needed = o.minSuccesses ?? Math.ceil((o.minSuccessRatio ?? 1) * n);
  if (n - failures < needed) throw firstError;
  const outputs: Record<string, unknown[]> = {};
  for (const name of Object.keys(of.iface.outputs)) outputs[name] = results.map((r) => r?.[name] ?? null);
  return shapeOutputs(of.iface, outputs);
}
