import type { JsonObject, JsonValue } from "@bufbuild/protobuf";
import { enumType, listType, mapType, unionType } from "./containers.js";
import type { EngineType } from "./engine-type.js";
import type { FlyteType } from "./flyte-type.js";
import { jsonType } from "./json.js";
import { MsgFloat, type MsgValue } from "./msgpack.js";
import { booleanType, datetimeType, durationType, floatType, intType, noneType, stringType } from "./primitives.js";
import { structType } from "./struct.js";

type Schema = JsonObject;
const isObj = (v: JsonValue | undefined): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);

/** Follows a local `$ref` (`#/$defs/X`, `#/definitions/X`) against the root schema. */
function deref(schema: Schema, root: Schema): Schema {
  const ref = schema["$ref"];
  if (typeof ref !== "string" || !ref.startsWith("#/")) return schema;
  let at: JsonValue | undefined = root;
  for (const part of ref.slice(2).split("/")) at = isObj(at) ? at[part] : undefined;
  return isObj(at) ? deref(at, root) : schema;
}

function typeNames(schema: Schema): string[] {
  const t = schema["type"];
  return typeof t === "string" ? [t] : Array.isArray(t) ? t.filter((x): x is string => typeof x === "string") : [];
}

/** `X | null` becomes an optional of X. */
function optionalOf(inner: EngineType<unknown>): EngineType<unknown> {
  return { ...unionType(inner, noneType), name: `optional<${inner.name}>` };
}

/**
 * Best-effort FlyteType for a JSON schema (mashumaro, Pydantic or zod output): integer → int,
 * number → float, string (date-time → datetime, enum → enum), boolean, array → list, object with
 * properties → struct, object with additionalProperties → map, anyOf/nullable → union/optional,
 * anything else → json.
 */
export function typeFromJsonSchema(input: Schema, root: Schema = input): EngineType<unknown> {
  const schema = deref(input, root);
  const anyOf = schema["anyOf"] ?? schema["oneOf"];
  if (Array.isArray(anyOf)) {
    const parts = anyOf.filter(isObj).map((s) => deref(s, root));
    const nonNull = parts.filter((s) => !typeNames(s).includes("null") || typeNames(s).length > 1);
    const variants = nonNull.map((s) => typeFromJsonSchema(s, root));
    const nullable = nonNull.length < parts.length;
    const core =
      variants.length === 1 && variants[0] ? variants[0] : variants.length > 1 ? unionType(...variants) : jsonType;
    return nullable ? optionalOf(core) : core;
  }
  const names = typeNames(schema);
  if (names.length > 1) {
    const nullable = names.includes("null");
    const rest = names.filter((n) => n !== "null");
    const variants = rest.map((n) => typeFromJsonSchema({ ...schema, type: n }, root));
    const core = variants.length === 1 && variants[0] ? variants[0] : unionType(...variants);
    return nullable ? optionalOf(core) : core;
  }
  const e = schema["enum"];
  if (Array.isArray(e) && e.length > 0 && e.every((x): x is string => typeof x === "string")) {
    return enumType(e as [string, ...string[]]);
  }
  switch (names[0]) {
    case "integer":
      return intType;
    case "number":
      return schema["format"] === "time-delta" ? durationType : floatType;
    case "boolean":
      return booleanType;
    case "null":
      return noneType;
    case "string":
      return schema["format"] === "date-time" ? datetimeType : stringType;
    case "array":
      return listType(isObj(schema["items"]) ? typeFromJsonSchema(schema["items"], root) : jsonType);
    case "object":
      return objectType(schema, root);
    case undefined:
    default:
      return jsonType;
  }
}

function objectType(schema: Schema, root: Schema): EngineType<unknown> {
  const props = schema["properties"];
  if (isObj(props) && Object.keys(props).length > 0) {
    const required = new Set(Array.isArray(schema["required"]) ? schema["required"] : []);
    const fields: Record<string, FlyteType<unknown>> = {};
    for (const [k, s] of Object.entries(props)) {
      if (!isObj(s)) continue;
      const t = typeFromJsonSchema(s, root);
      fields[k] = required.has(k) || t.fit(undefined) > 0 ? t : optionalOf(t);
    }
    const title = schema["title"];
    return structType(fields, typeof title === "string" ? { name: title } : {});
  }
  const extra = schema["additionalProperties"];
  if (isObj(extra)) return mapType(typeFromJsonSchema(extra, root));
  return jsonType;
}

/**
 * A JSON-like value as a msgpack value, directed by its JSON schema: numbers the schema calls
 * `number` are written as float64 (so Python reads floats), undefined object entries are dropped.
 */
export function plainFromSchema(value: unknown, input: Schema | undefined, root: Schema): MsgValue {
  const schema = input ? deref(input, root) : undefined;
  if (value === undefined || value === null) return null;
  if (typeof value === "number") {
    const names = schema ? allTypeNames(schema, root) : [];
    return names.includes("number") && !names.includes("integer") ? new MsgFloat(value) : value;
  }
  if (
    typeof value === "string" ||
    typeof value === "boolean" ||
    typeof value === "bigint" ||
    value instanceof Uint8Array
  )
    return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) {
    const items = schema?.["items"];
    return value.map((x: unknown) => plainFromSchema(x, isObj(items) ? items : undefined, root));
  }
  if (typeof value === "object") {
    const props = schema?.["properties"];
    const extra = schema?.["additionalProperties"];
    const out: Record<string, MsgValue> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined) continue;
      const sub = isObj(props) && isObj(props[k]) ? props[k] : isObj(extra) ? extra : undefined;
      out[k] = plainFromSchema(v, sub, root);
    }
    return out;
  }
  return null;
}

function allTypeNames(schema: Schema, root: Schema): string[] {
  const anyOf = schema["anyOf"] ?? schema["oneOf"];
  const nested = Array.isArray(anyOf) ? anyOf.filter(isObj).flatMap((s) => allTypeNames(deref(s, root), root)) : [];
  return [...typeNames(schema), ...nested];
}
