import { InvalidArgumentError } from "@flyte-ts/core";
import type { Literal } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import type { TypeContext } from "./flyte-type.js";

/** The stable error code of every type mismatch raised by the type engine. */
export const TYPE_MISMATCH = "TypeMismatch";

/** A short rendering of a JS value for error messages: `string "abc"`, `number 1.5`, `array(3)`. */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  switch (typeof value) {
    case "string":
      return `string ${JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)}`;
    case "number":
    case "boolean":
      return `${typeof value} ${String(value)}`;
    case "bigint":
      return `bigint ${value}n`;
    case "undefined":
      return "undefined";
    case "function":
      return "function";
    case "symbol":
      return "symbol";
    case "object": {
      if (Array.isArray(value)) return `array(${value.length})`;
      if (value instanceof Date) return `Date ${Number.isNaN(value.getTime()) ? "Invalid Date" : value.toISOString()}`;
      if (value instanceof Uint8Array) return `Uint8Array(${value.length})`;
      const ctor = (value as { constructor?: { name?: string } }).constructor?.name;
      if (ctor && ctor !== "Object") return ctor;
      const keys = Object.keys(value);
      return `object {${keys.slice(0, 5).join(", ")}${keys.length > 5 ? ", ..." : ""}}`;
    }
    default:
      return typeof value;
  }
}

/** A short rendering of a literal for error messages: `literal integer 3`, `literal collection(2)`. */
export function describeLiteral(literal: Literal): string {
  const v = literal.value;
  switch (v.case) {
    case "collection":
      return `literal collection(${v.value.literals.length})`;
    case "map":
      return `literal map(${Object.keys(v.value.literals).length})`;
    case "offloadedMetadata":
      return `offloaded literal ${v.value.uri}`;
    case undefined:
      return "empty literal";
    case "scalar": {
      const s = v.value.value;
      switch (s.case) {
        case "primitive": {
          const p = s.value.value;
          if (p.case === "stringValue") return `literal string ${JSON.stringify(p.value)}`;
          if (p.case === "datetime" || p.case === "duration") return `literal ${p.case}`;
          return p.case === undefined ? "empty primitive literal" : `literal ${p.case} ${String(p.value)}`;
        }
        case "blob":
          return `literal blob ${s.value.uri}`;
        case "binary":
          return `literal binary${s.value.tag ? `(${s.value.tag})` : ""}`;
        case "structuredDataset":
          return `literal structured dataset ${s.value.uri}`;
        case "noneType":
          return "literal none";
        case undefined:
          return "empty scalar literal";
        case "error":
        case "generic":
        case "schema":
        case "union":
          return `literal ${s.case}`;
      }
    }
  }
}

/**
 * A type mismatch naming the variable and both types, e.g.
 * `input 'x' of task 'train': expected int, got string "abc"`.
 */
export function typeMismatch(ctx: TypeContext, expected: string, got: string, hint?: string): InvalidArgumentError {
  return new InvalidArgumentError(`${ctx.what}: expected ${expected}, got ${got}${hint ? ` (${hint})` : ""}`, {
    code: TYPE_MISMATCH,
    details: { what: ctx.what, expected, got },
  });
}

/** A context for a part of a value: `input 'x' of task 't'[2]`, `... .field`. */
export function subContext(ctx: TypeContext, suffix: string): TypeContext {
  return ctx.data ? { what: `${ctx.what}${suffix}`, data: ctx.data } : { what: `${ctx.what}${suffix}` };
}
