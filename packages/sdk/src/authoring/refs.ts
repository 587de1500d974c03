import type { FlyteType } from "../types/flyte-type.js";
import { AuthoringError, AuthoringErrorCode } from "./errors.js";

declare const refBrand: unique symbol;

/** The id of the node holding a workflow's inputs (Flyte's convention). */
export const START_NODE = "start-node";

/** Where a promised value comes from: a node's output variable, optionally an attribute path. */
export interface RefData {
  /** The graph the promise belongs to; a promise from another workflow is a mistake. */
  readonly scope: object;
  readonly nodeId: string;
  /** A human description of the producer for messages, e.g. `node n0 (task 'add')`. */
  readonly producer: string;
  readonly varName: string;
  readonly attrPath: readonly (string | number)[];
  readonly type: FlyteType<unknown>;
}

/**
 * A value that a workflow node will produce when the workflow runs (flytekit's `Promise`).
 * Pass it to other tasks; read struct fields, list items and map entries as further refs.
 */
export type Ref<T> = RefBase<T> & RefAttrs<T>;

export interface RefBase<T> {
  readonly [refBrand]: T;
}

type Leaf = string | number | boolean | bigint | Date | Uint8Array | null | undefined | ((...args: never[]) => unknown);

/** Typed attribute access on promises: struct fields, list indices, map keys. */
export type RefAttrs<T> = [T] extends [Leaf]
  ? unknown
  : T extends readonly (infer E)[]
    ? { readonly [i: number]: Ref<E> }
    : T extends object
      ? string extends keyof T
        ? { readonly [k: string]: Ref<T[string & keyof T]> }
        : { readonly [K in keyof T]-?: Ref<T[K]> }
      : unknown;

const REF = Symbol("flyte.ref");
const NOT_ATTRIBUTES = new Set(["then", "toJSON", "constructor", "asymmetricMatch", "nodeType", "$$typeof"]);

/** Whether a value is a promise made by a workflow body. */
export function isRef(value: unknown): boolean {
  return (typeof value === "object" || typeof value === "function") && value !== null && refData(value) !== undefined;
}

/** The data behind a promise, or undefined if `value` is not one. */
export function refData(value: unknown): RefData | undefined {
  if ((typeof value !== "object" && typeof value !== "function") || value === null) return undefined;
  return (value as { [REF]?: RefData })[REF];
}

/** Makes the proxy that stands for a promised value. */
export function makeRef<T>(data: RefData): Ref<T> {
  const target = Object.create(null) as object;
  return new Proxy(target, {
    get(_t, prop) {
      if (prop === REF) return data;
      if (prop === Symbol.toPrimitive) return () => primitiveMisuse(data);
      if (typeof prop === "symbol") return undefined;
      if (NOT_ATTRIBUTES.has(prop) && !data.type.fields?.[prop]) return undefined;
      return makeRef(attribute(data, prop));
    },
    has(_t, prop) {
      return prop === REF;
    },
    ownKeys() {
      return [];
    },
    set() {
      throw new AuthoringError(
        AuthoringErrorCode.InvalidWorkflowBody,
        `${describeRef(data)} is a promise and cannot be assigned to`,
      );
    },
  }) as Ref<T>;
}

function attribute(data: RefData, prop: string): RefData {
  const t = data.type;
  if (t.fields) {
    const f = t.fields[prop];
    if (!f) {
      throw new AuthoringError(
        AuthoringErrorCode.FieldNotFound,
        `${describeRef(data)} of type ${t.name} has no field '${prop}' (fields: ${Object.keys(t.fields).join(", ")})`,
        { node: data.nodeId, variable: data.varName, field: prop },
      );
    }
    return { ...data, attrPath: [...data.attrPath, prop], type: f };
  }
  if (t.element && /^\d+$/.test(prop)) {
    return { ...data, attrPath: [...data.attrPath, Number(prop)], type: t.element };
  }
  if (t.values) return { ...data, attrPath: [...data.attrPath, prop], type: t.values };
  throw new AuthoringError(
    AuthoringErrorCode.FieldNotFound,
    `${describeRef(data)} of type ${t.name} has no attribute '${prop}'`,
    { node: data.nodeId, variable: data.varName, field: prop },
  );
}

function primitiveMisuse(data: RefData): never {
  throw new AuthoringError(
    AuthoringErrorCode.InvalidWorkflowBody,
    `${describeRef(data)} is a promise: its value exists only when the workflow runs. ` +
      "Pass it to a task instead of using it in an expression or a string",
    { node: data.nodeId, variable: data.varName },
  );
}

/** e.g. `output 'sum' of node n0 (task 'add')` or `workflow input 'a'`. */
export function describeRef(data: RefData): string {
  const path = data.attrPath.map((p) => (typeof p === "number" ? `[${p}]` : `.${p}`)).join("");
  if (data.nodeId === START_NODE) return `workflow input '${data.varName}${path}'`;
  return `output '${data.varName}${path}' of ${data.producer}`;
}
