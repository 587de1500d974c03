import { typeToString } from "@flyte-ts/idl";
import { SimpleType } from "@flyte-ts/idl/gen/flyteidl/core/types_pb";
import type { FlyteType } from "../types/flyte-type.js";
import { AuthoringError, AuthoringErrorCode } from "./errors.js";
import type { BindingValue, GraphBuilder } from "./graph.js";
import { describeRef, isRef, refData } from "./refs.js";
import { areTypesCastable } from "@flyte-ts/core";

/** Whether a value is or contains (in arrays and plain objects) a promise. */
export function containsRef(value: unknown): boolean {
  if (isRef(value)) return true;
  if (Array.isArray(value)) return value.some(containsRef);
  if (isPlainObject(value)) return Object.values(value).some(containsRef);
  return false;
}

/**
 * Turns what a workflow body passed for one input into a binding, checking it against the
 * expected type. `where` names the input for messages: `input 'a' of node n1 (task 'add')`.
 */
export function toBinding(
  value: unknown,
  type: FlyteType<unknown>,
  where: string,
  builder: GraphBuilder,
): BindingValue {
  const ref = refData(value);
  if (ref) {
    if (ref.scope !== builder.scope) {
      throw new AuthoringError(
        AuthoringErrorCode.InvalidWorkflowBody,
        `${builder.label}: ${where} is bound to ${describeRef(ref)}, a promise of another workflow`,
      );
    }
    if (!areTypesCastable(ref.type.literalType, type.literalType)) {
      throw new AuthoringError(
        AuthoringErrorCode.MismatchingTypes,
        `${builder.label}: ${where} expects ${typeToString(type.literalType)} but ${describeRef(ref)} is ${typeToString(ref.type.literalType)}`,
        { variable: where },
      );
    }
    return { kind: "ref", ref };
  }
  if (containsRef(value)) {
    if (Array.isArray(value) && type.element) {
      const element = type.element;
      return { kind: "list", items: value.map((v, i) => toBinding(v, element, `${where}[${i}]`, builder)) };
    }
    if (isPlainObject(value) && type.values) {
      const vt = type.values;
      const entries: Record<string, BindingValue> = {};
      for (const [k, v] of Object.entries(value)) entries[k] = toBinding(v, vt, `${where}["${k}"]`, builder);
      return { kind: "map", entries };
    }
    throw new AuthoringError(
      AuthoringErrorCode.MismatchingTypes,
      `${builder.label}: ${where} of type ${type.name} mixes promises into a value; only lists and maps may hold promises`,
      { variable: where },
    );
  }
  checkConstant(value, type, `${builder.label}: ${where}`);
  return { kind: "value", value, type };
}

/**
 * What a constant of each simple type looks like (a quick check at definition time; the full
 * conversion happens at serialization). One entry per type, so a new type is a compile error.
 */
const CONSTANT_CHECKS: Readonly<Record<SimpleType, (value: unknown) => boolean>> = {
  [SimpleType.NONE]: (v) => v === null || v === undefined,
  [SimpleType.INTEGER]: (v) => (typeof v === "number" && Number.isInteger(v)) || typeof v === "bigint",
  [SimpleType.FLOAT]: (v) => typeof v === "number",
  [SimpleType.STRING]: (v) => typeof v === "string",
  [SimpleType.BOOLEAN]: (v) => typeof v === "boolean",
  [SimpleType.DATETIME]: (v) => v instanceof Date,
  [SimpleType.DURATION]: (v) => typeof v === "number",
  [SimpleType.BINARY]: (v) => v instanceof Uint8Array,
  // Errors are produced by failed nodes, never written as constants: leave them to serialization.
  [SimpleType.ERROR]: () => true,
  [SimpleType.STRUCT]: (v) => typeof v === "object" && v !== null && !Array.isArray(v),
};

/** A quick check of constants against simple types; full conversion happens at serialization. */
export function checkConstant(value: unknown, type: FlyteType<unknown>, where: string): void {
  const lt = type.literalType.type;
  if (lt.case !== "simple") return;
  const ok = CONSTANT_CHECKS[lt.value](value);
  if (!ok) {
    throw new AuthoringError(
      AuthoringErrorCode.MismatchingTypes,
      `${where} expects ${typeToString(type.literalType)} but got ${describeValue(value)}`,
      { variable: where },
    );
  }
}

function describeValue(v: unknown): string {
  switch (typeof v) {
    case "string":
      return `the string ${JSON.stringify(v)}`;
    case "object":
      return v === null ? "null" : Array.isArray(v) ? "an array" : "an object";
    case "function":
      return "a function";
    case "symbol":
      return `symbol ${v.toString()}`;
    case "undefined":
      return "undefined";
    case "number":
    case "bigint":
    case "boolean":
      return `${typeof v} ${String(v)}`;
  }
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null || isRef(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}
