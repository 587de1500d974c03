import type { JsonObject, JsonValue } from "@bufbuild/protobuf";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { literals, types } from "@flyte-ts/idl";
import type { Literal } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { badInput, defineType, expectScalar, type EngineType } from "./engine-type.js";
import { describeLiteral, describeValue, typeMismatch } from "./errors.js";
import type { TypeContext } from "./flyte-type.js";
import { MsgFloat } from "./msgpack.js";

/** The value itself when it fits the type, else a mismatch naming both. */
export function checkFit<T>(type: EngineType<T>, value: T, ctx: TypeContext): T {
  if (type.fit(value) === 0) throw typeMismatch(ctx, type.name, describeValue(value));
  return value;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function primitiveOf(literal: Literal, ctx: TypeContext, expected: string) {
  return expectScalar(literal, "primitive", ctx, expected).value;
}

function readInteger(literal: Literal, ctx: TypeContext, expected: string): bigint {
  const p = primitiveOf(literal, ctx, expected);
  if (p.case !== "integer") throw typeMismatch(ctx, expected, describeLiteral(literal));
  return p.value;
}

function parseIntText(text: string, expected: string): bigint {
  const s = text.trim().replaceAll("_", "");
  if (!/^[+-]?\d+$/.test(s)) throw badInput(expected, text);
  return BigInt(s);
}

/** A whole JS number (`number`), carried as an int64 literal. Unsafe integers (> 2^53) are rejected. */
export const intType: EngineType<number> = defineType<number>({
  name: "int",
  literalType: types.integer(),
  unionTag: "int",
  fit: (v) => (typeof v === "number" && Number.isSafeInteger(v) ? 2 : 0),
  toLiteral(value, ctx) {
    if (typeof value !== "number" || !Number.isInteger(value)) throw typeMismatch(ctx, "int", describeValue(value));
    if (!Number.isSafeInteger(value)) {
      throw typeMismatch(ctx, "int", describeValue(value), "beyond 2^53 a number loses precision; use t.bigint");
    }
    return literals.integer(value);
  },
  fromLiteral(literal, ctx) {
    const n = readInteger(literal, ctx, "int");
    if (n > BigInt(Number.MAX_SAFE_INTEGER) || n < BigInt(Number.MIN_SAFE_INTEGER)) {
      throw typeMismatch(ctx, "int", `integer ${n}`, "beyond 2^53 a number loses precision; use t.bigint");
    }
    return Number(n);
  },
  toPlain: (v, ctx) => checkFit(intType, v, ctx),
  fromPlain(plain, ctx) {
    if (
      typeof plain === "bigint" &&
      plain >= BigInt(Number.MIN_SAFE_INTEGER) &&
      plain <= BigInt(Number.MAX_SAFE_INTEGER)
    )
      return Number(plain);
    if (typeof plain !== "number" || !Number.isSafeInteger(plain)) throw typeMismatch(ctx, "int", describeValue(plain));
    return plain;
  },
  jsonSchema: () => ({ type: "integer" }),
  parseText(text) {
    const n = parseIntText(text, "int");
    if (n > BigInt(Number.MAX_SAFE_INTEGER) || n < BigInt(Number.MIN_SAFE_INTEGER))
      throw badInput("int (within 2^53)", text);
    return Number(n);
  },
  fromJson(json) {
    if (typeof json === "string") return intType.parseText(json);
    if (typeof json !== "number" || !Number.isSafeInteger(json)) throw badInput("int", json);
    return json;
  },
});

/** A JS bigint over the full int64 range. */
export const bigintType: EngineType<bigint> = defineType<bigint>({
  name: "bigint",
  literalType: types.integer(),
  unionTag: "int",
  fit: (v) => (typeof v === "bigint" && v >= INT64_MIN && v <= INT64_MAX ? 2 : 0),
  toLiteral(value, ctx) {
    if (typeof value !== "bigint") throw typeMismatch(ctx, "bigint", describeValue(value));
    if (value < INT64_MIN || value > INT64_MAX)
      throw typeMismatch(ctx, "bigint", describeValue(value), "outside the int64 range");
    return literals.integer(value);
  },
  fromLiteral: (literal, ctx) => readInteger(literal, ctx, "bigint"),
  toPlain: (v, ctx) => checkFit(bigintType, v, ctx),
  fromPlain(plain, ctx) {
    if (typeof plain === "bigint") return plain;
    if (typeof plain === "number" && Number.isSafeInteger(plain)) return BigInt(plain);
    throw typeMismatch(ctx, "bigint", describeValue(plain));
  },
  jsonSchema: () => ({ type: "integer" }),
  parseText(text) {
    const n = parseIntText(text, "bigint");
    if (n < INT64_MIN || n > INT64_MAX) throw badInput("int64", text);
    return n;
  },
  fromJson(json) {
    if (typeof json === "string") return bigintType.parseText(json);
    if (typeof json === "number" && Number.isSafeInteger(json)) return BigInt(json);
    throw badInput("bigint", json);
  },
});

/** A double. A whole number fits a float loosely (an `int` variant of a union wins). */
export const floatType: EngineType<number> = defineType<number>({
  name: "float",
  literalType: types.float(),
  unionTag: "float",
  fit: (v) => (typeof v !== "number" ? 0 : Number.isInteger(v) ? 1 : 2),
  toLiteral(value, ctx) {
    if (typeof value !== "number") throw typeMismatch(ctx, "float", describeValue(value));
    return literals.float(value);
  },
  fromLiteral(literal, ctx) {
    const p = primitiveOf(literal, ctx, "float");
    if (p.case !== "floatValue") throw typeMismatch(ctx, "float", describeLiteral(literal));
    return p.value;
  },
  toPlain: (v, ctx) => new MsgFloat(checkFit(floatType, v, ctx)),
  fromPlain(plain, ctx) {
    if (typeof plain === "number") return plain;
    if (typeof plain === "bigint") return Number(plain);
    throw typeMismatch(ctx, "float", describeValue(plain));
  },
  jsonSchema: () => ({ type: "number" }),
  parseText(text) {
    const s = text.trim();
    const n = /^[+-]?(inf|infinity)$/i.test(s)
      ? s.startsWith("-")
        ? -Infinity
        : Infinity
      : /^nan$/i.test(s)
        ? NaN
        : Number(s);
    if (s === "" || (Number.isNaN(n) && !/^nan$/i.test(s))) throw badInput("float", text);
    return n;
  },
  fromJson(json) {
    if (typeof json === "string") return floatType.parseText(json);
    if (typeof json !== "number") throw badInput("float", json);
    return json;
  },
});

export const stringType: EngineType<string> = defineType<string>({
  name: "string",
  literalType: types.string(),
  unionTag: "str",
  fit: (v) => (typeof v === "string" ? 2 : 0),
  toLiteral(value, ctx) {
    if (typeof value !== "string") throw typeMismatch(ctx, "string", describeValue(value));
    return literals.string(value);
  },
  fromLiteral(literal, ctx) {
    const p = primitiveOf(literal, ctx, "string");
    if (p.case !== "stringValue") throw typeMismatch(ctx, "string", describeLiteral(literal));
    return p.value;
  },
  toPlain: (v, ctx) => checkFit(stringType, v, ctx),
  fromPlain(plain, ctx) {
    if (typeof plain !== "string") throw typeMismatch(ctx, "string", describeValue(plain));
    return plain;
  },
  jsonSchema: () => ({ type: "string" }),
  parseText: (text) => text,
  fromJson(json) {
    if (typeof json !== "string") throw badInput("string", json);
    return json;
  },
});

export const booleanType: EngineType<boolean> = defineType<boolean>({
  name: "boolean",
  literalType: types.boolean(),
  unionTag: "bool",
  fit: (v) => (typeof v === "boolean" ? 2 : 0),
  toLiteral(value, ctx) {
    if (typeof value !== "boolean") throw typeMismatch(ctx, "boolean", describeValue(value));
    return literals.boolean(value);
  },
  fromLiteral(literal, ctx) {
    const p = primitiveOf(literal, ctx, "boolean");
    if (p.case !== "boolean") throw typeMismatch(ctx, "boolean", describeLiteral(literal));
    return p.value;
  },
  toPlain: (v, ctx) => checkFit(booleanType, v, ctx),
  fromPlain(plain, ctx) {
    if (typeof plain !== "boolean") throw typeMismatch(ctx, "boolean", describeValue(plain));
    return plain;
  },
  jsonSchema: () => ({ type: "boolean" }),
  parseText(text) {
    const s = text.trim().toLowerCase();
    if (["true", "1", "yes", "y"].includes(s)) return true;
    if (["false", "0", "no", "n"].includes(s)) return false;
    throw badInput("boolean (true/false)", text);
  },
  fromJson(json) {
    if (typeof json === "string") return booleanType.parseText(json);
    if (typeof json !== "boolean") throw badInput("boolean", json);
    return json;
  },
});

const isValidDate = (v: unknown): v is Date => v instanceof Date && !Number.isNaN(v.getTime());

function parseDate(text: string): Date {
  const d = new Date(text.trim());
  if (!isValidDate(d)) throw badInput("datetime (ISO 8601, e.g. 2024-01-01T00:00:00Z)", text);
  return d;
}

/** A JS Date (millisecond precision), carried as a Timestamp. In structs: an ISO string with +00:00. */
export const datetimeType: EngineType<Date> = defineType<Date>({
  name: "datetime",
  literalType: types.datetime(),
  unionTag: "datetime",
  fit: (v) => (isValidDate(v) ? 2 : 0),
  toLiteral(value, ctx) {
    if (!isValidDate(value)) throw typeMismatch(ctx, "datetime", describeValue(value));
    return literals.datetime(value);
  },
  fromLiteral(literal, ctx) {
    const p = primitiveOf(literal, ctx, "datetime");
    if (p.case !== "datetime") throw typeMismatch(ctx, "datetime", describeLiteral(literal));
    return timestampDate(p.value);
  },
  toPlain: (v, ctx) => checkFit(datetimeType, v, ctx).toISOString().replace(/Z$/, "+00:00"),
  fromPlain(plain, ctx) {
    const d = typeof plain === "string" ? new Date(plain) : plain;
    if (!isValidDate(d)) throw typeMismatch(ctx, "datetime", describeValue(plain));
    return d;
  },
  jsonSchema: () => ({ type: "string", format: "date-time" }),
  parseText: parseDate,
  fromJson(json) {
    if (typeof json === "string") return parseDate(json);
    if (isValidDate(json)) return json;
    throw badInput("datetime", json);
  },
});

const DURATION_UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses `1500`, `1500ms`, `90s`, `1h30m`, `2d` into milliseconds. */
export function parseDurationText(text: string): number {
  const s = text.trim();
  if (/^[+-]?\d+(\.\d+)?$/.test(s)) return Number(s);
  const parts = [...s.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== s) {
    throw badInput("duration (milliseconds, or like 90s, 1h30m, 250ms)", text);
  }
  return parts.reduce((sum, p) => sum + Number(p[1]) * (DURATION_UNITS[p[2] ?? ""] ?? 0), 0);
}

/** A duration in milliseconds (`number`), carried as a protobuf Duration. In structs: float seconds. */
export const durationType: EngineType<number> = defineType<number>({
  name: "duration",
  literalType: types.duration(),
  unionTag: "timedelta",
  fit: (v) => (typeof v === "number" && Number.isFinite(v) ? 1 : 0),
  toLiteral(value, ctx) {
    if (typeof value !== "number" || !Number.isFinite(value))
      throw typeMismatch(ctx, "duration (ms)", describeValue(value));
    return literals.duration(value);
  },
  fromLiteral(literal, ctx) {
    const p = primitiveOf(literal, ctx, "duration");
    if (p.case !== "duration") throw typeMismatch(ctx, "duration", describeLiteral(literal));
    return Number(p.value.seconds) * 1000 + p.value.nanos / 1e6;
  },
  toPlain: (v, ctx) => new MsgFloat(checkFit(durationType, v, ctx) / 1000),
  fromPlain(plain, ctx) {
    if (typeof plain !== "number") throw typeMismatch(ctx, "duration (seconds)", describeValue(plain));
    return plain * 1000;
  },
  jsonSchema: () => ({ type: "number", format: "time-delta" }),
  parseText: parseDurationText,
  fromJson(json) {
    if (typeof json === "string") return parseDurationText(json);
    if (typeof json !== "number") throw badInput("duration (ms)", json);
    return json;
  },
});

/** No value: `null` (or `undefined`) ↔ the none literal. */
export const noneType: EngineType<null | undefined> = defineType<null | undefined>({
  name: "none",
  literalType: types.none(),
  unionTag: "none",
  fit: (v) => (v === null || v === undefined ? 2 : 0),
  toLiteral(value, ctx) {
    if (value !== null && value !== undefined) throw typeMismatch(ctx, "none", describeValue(value));
    return literals.none();
  },
  fromLiteral(literal, ctx) {
    expectScalar(literal, "noneType", ctx, "none");
    return null;
  },
  toPlain: (v, ctx) => checkFit(noneType, v, ctx) ?? null,
  fromPlain(plain, ctx) {
    if (plain !== null && plain !== undefined) throw typeMismatch(ctx, "none", describeValue(plain));
    return null;
  },
  jsonSchema: () => ({ type: "null" }),
  parseText(text) {
    if (!["", "none", "null"].includes(text.trim().toLowerCase())) throw badInput("none", text);
    return null;
  },
  fromJson(json) {
    if (json !== null && json !== undefined) throw badInput("none", json);
    return null;
  },
});

function base64Decode(text: string): Uint8Array {
  const s = text.trim();
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(s)) throw badInput("binary (base64)", text);
  return Uint8Array.from(atob(s.replaceAll("-", "+").replaceAll("_", "/")), (c) => c.charCodeAt(0));
}

/** Raw bytes (`Uint8Array`), carried as a Binary literal with an empty tag. CLI text is base64. */
export const binaryType: EngineType<Uint8Array> = defineType<Uint8Array>({
  name: "binary",
  literalType: types.binary(),
  unionTag: "bytes",
  fit: (v) => (v instanceof Uint8Array ? 2 : 0),
  toLiteral(value, ctx) {
    if (!(value instanceof Uint8Array)) throw typeMismatch(ctx, "binary (Uint8Array)", describeValue(value));
    return literals.binary(value);
  },
  fromLiteral(literal, ctx) {
    const b = expectScalar(literal, "binary", ctx, "binary");
    if (b.tag === "msgpack") throw typeMismatch(ctx, "binary", describeLiteral(literal));
    return b.value;
  },
  toPlain: (v, ctx) => checkFit(binaryType, v, ctx),
  fromPlain(plain, ctx) {
    if (!(plain instanceof Uint8Array)) throw typeMismatch(ctx, "binary", describeValue(plain));
    return plain;
  },
  jsonSchema: () => ({ type: "string", format: "binary" }),
  parseText: base64Decode,
  fromJson(json) {
    if (typeof json === "string") return base64Decode(json);
    if (Array.isArray(json) && json.every((b) => typeof b === "number" && Number.isInteger(b) && b >= 0 && b < 256)) {
      return Uint8Array.from(json as number[]);
    }
    throw badInput("binary (base64 string)", json);
  },
});

/** Whether a value is plain JSON (objects with string keys, arrays, finite numbers, strings, booleans, null). */
export function isJsonValue(v: unknown, depth = 0): v is JsonValue {
  if (depth > 200) return false;
  if (v === null || typeof v === "string" || typeof v === "boolean") return true;
  if (typeof v === "number") return Number.isFinite(v);
  if (Array.isArray(v)) return v.every((x) => isJsonValue(x, depth + 1));
  if (typeof v !== "object") return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  if (proto !== Object.prototype && proto !== null) return false;
  return Object.values(v).every((x) => isJsonValue(x, depth + 1));
}

export const isJsonObject = (v: unknown): v is JsonObject =>
  isJsonValue(v) && typeof v === "object" && v !== null && !Array.isArray(v);
