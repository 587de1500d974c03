import type { FlyteType, Infer, InferMap, TypeMap } from "../types/flyte-type.js";
import type { Ref } from "./refs.js";

/** Outputs of a task or workflow: one type (a single output `o0`), a record of named types, or none. */
export type OutputSpec = FlyteType<any> | TypeMap | undefined; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The name Flyte gives a single, unnamed output. */
export const SINGLE_OUTPUT = "o0";

/** The TS value an entity returns for its outputs. */
export type OutputValue<O extends OutputSpec> = [O] extends [undefined]
  ? void
  : O extends FlyteType<infer T>
    ? T
    : O extends TypeMap
      ? InferMap<O>
      : never;

/** A handle on a node without outputs: use it to order nodes with `sequence`. */
export interface NodeHandle {
  readonly nodeId: string;
}

/** What calling an entity inside a workflow body gives: promises of its outputs. */
export type OutputRefs<O extends OutputSpec> = [O] extends [undefined]
  ? NodeHandle
  : O extends FlyteType<infer T>
    ? Ref<T>
    : O extends TypeMap
      ? { readonly [K in keyof O]: Ref<Infer<O[K]>> }
      : never;

/**
 * A call result. Inside a workflow body: promises of the outputs. Outside one: a real `Promise`
 * of the output values (the task runs locally, a workflow through the registered local runner).
 */
export type CallResult<O extends OutputSpec> = OutputRefs<O> & PromiseLike<OutputValue<O>>;

/** A value, a promise of it, or (for lists and maps) a collection mixing both. */
export type Bindable<T> =
  | T
  | Ref<T>
  | (T extends readonly (infer E)[] ? readonly Bindable<E>[] : never)
  | (T extends object
      ? string extends keyof T
        ? { readonly [k: string]: Bindable<T[string & keyof T]> }
        : never
      : never);

/** The inputs of a call: every input without a default is required. */
export type CallInputs<I extends TypeMap, D extends PropertyKey = never> = {
  readonly [K in Exclude<keyof I, D>]: Bindable<Infer<I[K]>>;
} & { readonly [K in Extract<keyof I, D>]?: Bindable<Infer<I[K]>> };

/** Input values for running an entity locally. */
export type RunInputs<I extends TypeMap, D extends PropertyKey = never> = {
  readonly [K in Exclude<keyof I, D>]: Infer<I[K]>;
} & { readonly [K in Extract<keyof I, D>]?: Infer<I[K]> };

/** The inputs a workflow body receives: a promise per workflow input. */
export type InputRefs<I extends TypeMap> = { readonly [K in keyof I]: Ref<Infer<I[K]>> };

/**
 * Values for some inputs of `I` (defaults, fixed inputs), as written by the user (`D`): each value
 * has its input's type, and a key that is not an input is a compile error.
 */
export type InputValues<I extends TypeMap, D> = D & { readonly [K in keyof I]?: Infer<I[K]> } & {
  readonly [K in Exclude<keyof D, keyof I>]: never;
};

/**
 * Rejects, at compile time, names a workflow body returns that are not declared outputs
 * (TypeScript does not check excess properties of a returned object literal on its own).
 * `then` is allowed: a body may return another call's result (a `CallResult`, so `PromiseLike`).
 */
export type NoExtraOutputs<R, O extends OutputSpec> =
  O extends FlyteType<unknown>
    ? unknown
    : O extends TypeMap
      ? { readonly [K in Exclude<keyof R, keyof O | "then">]: never }
      : unknown;

/** What a workflow body returns for its outputs. */
export type WorkflowReturn<O extends OutputSpec> = [O] extends [undefined]
  ? void
  : O extends FlyteType<infer T>
    ? Bindable<T>
    : O extends TypeMap
      ? { readonly [K in keyof O]: Bindable<Infer<O[K]>> }
      : never;

/** Descriptions of an entity and its variables (Flyte puts them in the interface and spec). */
export interface Docs<I extends TypeMap, O extends OutputSpec> {
  readonly inputs?: { readonly [K in keyof I]?: string };
  readonly outputs?: O extends TypeMap ? { readonly [K in keyof O]?: string } : { readonly o0?: string };
}

/** The run-time shape of an entity interface. */
export interface EntityInterface {
  readonly inputs: Readonly<Record<string, FlyteType<unknown>>>;
  readonly outputs: Readonly<Record<string, FlyteType<unknown>>>;
  /** True when outputs were declared as one type: the value is returned bare, named `o0`. */
  readonly single: boolean;
  readonly defaults: Readonly<Record<string, unknown>>;
  readonly descriptions: {
    readonly inputs: Readonly<Record<string, string>>;
    readonly outputs: Readonly<Record<string, string>>;
  };
}

/** Whether a value is a Flyte type (rather than a record of them). */
export function isFlyteType(value: unknown): value is FlyteType<unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    "literalType" in value &&
    typeof (value as { toLiteral?: unknown }).toLiteral === "function"
  );
}

/** Normalises declared inputs/outputs/defaults/docs into an `EntityInterface`. */
export function makeInterface(spec: {
  inputs?: TypeMap | undefined;
  outputs?: OutputSpec;
  defaults?: Readonly<Record<string, unknown>> | undefined;
  docs?:
    | { inputs?: Readonly<Record<string, string | undefined>>; outputs?: Readonly<Record<string, string | undefined>> }
    | undefined;
}): EntityInterface {
  const single = isFlyteType(spec.outputs);
  const outputs: Record<string, FlyteType<unknown>> = spec.outputs === undefined
    ? {}
    : isFlyteType(spec.outputs)
      ? { [SINGLE_OUTPUT]: spec.outputs }
      : { ...(spec.outputs as Readonly<Record<string, FlyteType<unknown>>>) };
  return {
    inputs: { ...(spec.inputs ?? {}) },
    outputs,
    single,
    defaults: { ...(spec.defaults ?? {}) },
    descriptions: { inputs: clean(spec.docs?.inputs), outputs: clean(spec.docs?.outputs) },
  };
}

function clean(r: Readonly<Record<string, string | undefined>> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(r ?? {})) if (v !== undefined) out[k] = v;
  return out;
}
