import { createHash } from "node:crypto";
import { toBinary, toJson, type DescMessage, type JsonValue, type MessageShape } from "@bufbuild/protobuf";
import { flyteRegistry } from "@flyte-ts/idl";

/**
 * The normal form registration compares: protobuf JSON with proto field names, default values
 * left out, and object keys (message fields and map keys) sorted. Two specs that differ only in
 * map order or in explicitly-set defaults normalise to the same text.
 */
export function normalizedJson<Desc extends DescMessage>(schema: Desc, message: MessageShape<Desc>): JsonValue {
  return toJson(schema, message, { useProtoFieldName: true, registry: flyteRegistry });
}

/** JSON text with sorted object keys: equal values always serialize to equal text. */
export function canonicalStringify(value: JsonValue): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalStringify).join(",")}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalStringify(value[k] ?? null)}`).join(",")}}`;
}

/**
 * The digest that decides whether a re-registration is identical: SHA-256 of the canonical normal
 * form. A message that has no JSON form (an `Any` of a type this server does not know) falls back
 * to its binary encoding.
 */
export function contentDigest<Desc extends DescMessage>(schema: Desc, message: MessageShape<Desc>): string {
  let text: string;
  try {
    text = canonicalStringify(normalizedJson(schema, message));
  } catch {
    return `sha256b:${createHash("sha256").update(toBinary(schema, message)).digest("hex")}`;
  }
  return `sha256:${createHash("sha256").update(text).digest("hex")}`;
}
