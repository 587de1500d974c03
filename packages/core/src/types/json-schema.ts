import type { JsonObject, JsonValue } from "@bufbuild/protobuf";

function isObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Deep structural equality of two JSON values (object key order is not significant). */
export function jsonEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => k in b && jsonEqual(a[k], b[k]));
  }
  return false;
}

/**
 * Whether the JSON schema `upstream` describes a superset of `downstream`: the schemas are equal, or
 * every property the downstream schema declares exists upstream with an equal or (for nested
 * objects) superset schema, and every property the downstream requires is required upstream.
 */
export function isJsonSchemaSuperset(upstream: JsonObject, downstream: JsonObject): boolean {
  if (jsonEqual(upstream, downstream)) return true;
  const up = upstream["properties"];
  const down = downstream["properties"];
  if (!isObject(up) || !isObject(down)) return false;
  for (const [name, downProp] of Object.entries(down)) {
    const upProp = up[name];
    if (upProp === undefined) return false;
    if (jsonEqual(upProp, downProp)) continue;
    if (!isObject(upProp) || !isObject(downProp) || !isJsonSchemaSuperset(upProp, downProp)) return false;
  }
  const upRequired = Array.isArray(upstream["required"]) ? upstream["required"] : [];
  const downRequired = Array.isArray(downstream["required"]) ? downstream["required"] : [];
  return downRequired.every((r) => upRequired.includes(r));
}
