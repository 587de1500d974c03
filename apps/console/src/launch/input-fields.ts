import type { JsonValue } from "@bufbuild/protobuf";
import { literals, typeToString } from "@flyte-ts/idl";
import type { Literal } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { BlobType_BlobDimensionality, SimpleType, type LiteralType } from "@flyte-ts/idl/gen/flyteidl/core/types_pb";
import { durationMillis, tsMillis } from "../format/time.js";

/** How the launch form edits a value of a type. */
export type FieldKind =
  "int" | "float" | "string" | "bool" | "datetime" | "duration" | "enum" | "json" | "blob" | "unsupported";

export type Parsed = { readonly ok: true; readonly literal: Literal } | { readonly ok: false; readonly error: string };

const ok = (literal: Literal): Parsed => ({ ok: true, literal });
const fail = (error: string): Parsed => ({ ok: false, error });

/** `Optional[T]` is `union<T | none>`: the form edits T and sends none when left empty. */
export function unwrapOptional(t: LiteralType): { inner: LiteralType; optional: boolean } {
  if (t.type.case !== "unionType") return { inner: t, optional: false };
  const variants = t.type.value.variants;
  const some = variants.filter((v) => !(v.type.case === "simple" && v.type.value === SimpleType.NONE));
  if (some.length === 1 && some[0] && some.length < variants.length) return { inner: some[0], optional: true };
  return { inner: t, optional: false };
}

export function fieldKind(t: LiteralType): FieldKind {
  const v = unwrapOptional(t).inner.type;
  switch (v.case) {
    case "simple":
      switch (v.value) {
        case SimpleType.INTEGER:
          return "int";
        case SimpleType.FLOAT:
          return "float";
        case SimpleType.STRING:
          return "string";
        case SimpleType.BOOLEAN:
          return "bool";
        case SimpleType.DATETIME:
          return "datetime";
        case SimpleType.DURATION:
          return "duration";
        case SimpleType.STRUCT:
          return "json";
        case SimpleType.NONE:
        case SimpleType.BINARY:
        case SimpleType.ERROR:
          return "unsupported";
        default:
          return "unsupported";
      }
    case "enumType":
      return "enum";
    case "collectionType":
    case "mapValueType":
      return "json";
    case "blob":
    case "structuredDatasetType":
    case "schema":
      return "blob";
    case "unionType":
      return "json";
    case undefined:
      return "unsupported";
  }
}

const DURATION_RE =
  /^(?:(\d+(?:\.\d+)?)h)?\s*(?:(\d+(?:\.\d+)?)m(?!s))?\s*(?:(\d+(?:\.\d+)?)s)?\s*(?:(\d+(?:\.\d+)?)ms)?$/;

/** `90` (seconds), `1h30m`, `45s`, `250ms`, `2m 5s` → milliseconds. */
export function parseDurationText(text: string): number | undefined {
  const s = text.trim();
  if (s === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s) * 1000;
  const m = DURATION_RE.exec(s);
  if (!m || m.slice(1).every((g) => g === undefined)) return undefined;
  const [h, min, sec, ms] = m.slice(1).map((g) => (g === undefined ? 0 : Number(g)));
  return (h ?? 0) * 3_600_000 + (min ?? 0) * 60_000 + (sec ?? 0) * 1000 + (ms ?? 0);
}

export function formatDurationText(ms: number): string {
  if (ms % 1000 !== 0) return `${ms}ms`;
  return `${ms / 1000}s`;
}

/**
 * Parses what a user typed for a value of type `t`; empty text is "no value" (handled by the caller).
 * A value of an optional type is sent wrapped in a union, as flytekit does.
 */
export function parseInput(t: LiteralType, text: string): Parsed {
  const { inner, optional } = unwrapOptional(t);
  const r = parseInner(inner, text);
  return r.ok && optional ? ok(literals.union(r.literal, inner)) : r;
}

function parseInner(inner: LiteralType, text: string): Parsed {
  const s = text.trim();
  switch (fieldKind(inner)) {
    case "int":
      if (!/^[-+]?\d+$/.test(s)) return fail("Enter a whole number, like 42.");
      return ok(literals.integer(BigInt(s)));
    case "float": {
      const n = Number(s);
      if (s === "" || !Number.isFinite(n)) return fail("Enter a number, like 3.14.");
      return ok(literals.float(n));
    }
    case "string":
      return ok(literals.string(text));
    case "bool":
      if (s !== "true" && s !== "false") return fail("Choose true or false.");
      return ok(literals.boolean(s === "true"));
    case "datetime": {
      const ms = Date.parse(s);
      if (!/^\d{4}-\d{2}-\d{2}/.test(s) || Number.isNaN(ms)) {
        return fail("Enter a date and time, like 2024-01-31T12:00:00Z.");
      }
      return ok(literals.datetime(new Date(ms)));
    }
    case "duration": {
      const ms = parseDurationText(s);
      if (ms === undefined) return fail("Enter a duration, like 90s, 5m or 1h30m.");
      return ok(literals.duration(ms));
    }
    case "enum": {
      const values = inner.type.case === "enumType" ? inner.type.value.values : [];
      if (!values.includes(s)) return fail(`Choose one of ${values.join(", ")}.`);
      return ok(literals.string(s));
    }
    case "blob":
      if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) return fail("Enter a URI, like s3://bucket/key or file:///path.");
      if (inner.type.case === "blob") {
        return ok(
          literals.blob(
            s,
            inner.type.value.format,
            inner.type.value.dimensionality === BlobType_BlobDimensionality.MULTIPART ? "multipart" : "single",
          ),
        );
      }
      return ok(
        literals.structuredDataset(s, inner.type.case === "structuredDatasetType" ? inner.type.value.format : ""),
      );
    case "json": {
      let json: JsonValue;
      try {
        json = JSON.parse(s) as JsonValue;
      } catch (e) {
        return fail(`Not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
      }
      return jsonToLiteral(inner, json, "value");
    }
    case "unsupported":
      return fail(`Values of type ${typeToString(inner)} cannot be entered here.`);
  }
}

/** A JSON value as a literal of type `t` (lists, maps, structs and their elements). */
export function jsonToLiteral(t: LiteralType, json: JsonValue, path: string): Parsed {
  const { inner, optional } = unwrapOptional(t);
  if (json === null) return optional ? ok(literals.none()) : fail(`${path}: null is not a ${typeToString(inner)}.`);
  const v = inner.type;
  if (v.case === "collectionType") {
    if (!Array.isArray(json)) return fail(`${path}: expected a JSON array.`);
    const items: Literal[] = [];
    for (const [i, item] of json.entries()) {
      const r = jsonToLiteral(v.value, item, `${path}[${i}]`);
      if (!r.ok) return r;
      items.push(r.literal);
    }
    return ok(literals.collection(items));
  }
  if (v.case === "mapValueType") {
    if (typeof json !== "object" || Array.isArray(json)) return fail(`${path}: expected a JSON object.`);
    const out: Record<string, Literal> = {};
    for (const [k, item] of Object.entries(json)) {
      const r = jsonToLiteral(v.value, item, `${path}.${k}`);
      if (!r.ok) return r;
      out[k] = r.literal;
    }
    return ok(literals.map(out));
  }
  if (v.case === "simple" && v.value === SimpleType.STRUCT) {
    if (typeof json !== "object" || Array.isArray(json)) return fail(`${path}: expected a JSON object.`);
    return ok(literals.generic(json));
  }
  if (v.case === "unionType") {
    for (const variant of v.value.variants) {
      const r = jsonToLiteral(variant, json, path);
      if (r.ok) return ok(literals.union(r.literal, variant));
    }
    return fail(`${path}: matches no variant of ${typeToString(inner)}.`);
  }
  const text = typeof json === "string" ? json : JSON.stringify(json);
  const r = parseInner(inner, text);
  return r.ok ? r : fail(`${path}: ${r.error}`);
}

/** A literal as JSON (for pre-filling JSON fields with defaults). */
export function literalToJson(l: Literal): JsonValue {
  const v = l.value;
  switch (v.case) {
    case "collection":
      return v.value.literals.map(literalToJson);
    case "map":
      return Object.fromEntries(Object.entries(v.value.literals).map(([k, x]) => [k, literalToJson(x)]));
    case "scalar": {
      const s = v.value.value;
      switch (s.case) {
        case "primitive": {
          const p = s.value.value;
          switch (p.case) {
            case "integer":
              return Number(p.value);
            case "floatValue":
            case "stringValue":
            case "boolean":
              return p.value;
            case "datetime":
              return new Date(tsMillis(p.value) ?? 0).toISOString();
            case "duration":
              return formatDurationText(durationMillis(p.value) ?? 0);
            case undefined:
              return null;
          }
          return null;
        }
        case "generic":
          return s.value;
        case "blob":
        case "structuredDataset":
        case "schema":
          return s.value.uri;
        case "union":
          return s.value.value ? literalToJson(s.value.value) : null;
        case "noneType":
        case "binary":
        case "error":
        case undefined:
          return null;
      }
      return null;
    }
    case "offloadedMetadata":
    case undefined:
      return null;
  }
}

/** The text a field starts with for a default value. */
export function defaultText(t: LiteralType, l: Literal | undefined): string {
  if (!l) return "";
  const kind = fieldKind(t);
  const json = literalToJson(l);
  if (json === null) return "";
  if (kind === "json") return JSON.stringify(json, null, 2);
  return typeof json === "object" ? JSON.stringify(json) : String(json);
}
