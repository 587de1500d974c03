import { create } from "@bufbuild/protobuf";
import { timestampDate, TimestampSchema } from "@bufbuild/protobuf/wkt";
import type { Duration, Timestamp } from "@bufbuild/protobuf/wkt";
import { literals } from "@flyte-ts/idl";
import type { Literal, Primitive } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { SimpleType } from "@flyte-ts/idl/gen/flyteidl/core/types_pb";

/**
 * Text forms of literals, as Flyte's command templating (`{{.Inputs.x}}`) and copilot's files
 * write them: ints and floats as Go prints them, booleans `true`/`false`, datetimes RFC 3339,
 * durations as Go duration strings (`1m30s`), blobs and datasets as their URI, lists `[a,b]`.
 * Returns `undefined` for a literal with no text form (maps, structs, binaries...).
 */
export function literalToText(lit: Literal): string | undefined {
  const v = lit.value;
  switch (v.case) {
    case "scalar": {
      const s = v.value.value;
      switch (s.case) {
        case "primitive":
          return primitiveToText(s.value);
        case "blob":
        case "structuredDataset":
          return s.value.uri;
        case "schema":
          return s.value.uri;
        case "noneType":
          return "";
        case "union":
          return s.value.value ? literalToText(s.value.value) : "";
        case "binary":
        case "error":
        case "generic":
        case undefined:
          return undefined;
        default:
          return exhaustive(s);
      }
    }
    case "collection": {
      const parts = v.value.literals.map(literalToText);
      return parts.some((p) => p === undefined) ? undefined : `[${parts.join(",")}]`;
    }
    case "map":
    case "offloadedMetadata":
    case undefined:
      return undefined;
    default:
      return exhaustive(v);
  }
}

export function primitiveToText(p: Primitive): string {
  const v = p.value;
  switch (v.case) {
    case "integer":
      return v.value.toString();
    case "floatValue":
      return goFloat(v.value);
    case "stringValue":
      return v.value;
    case "boolean":
      return v.value ? "true" : "false";
    case "datetime":
      return rfc3339(v.value);
    case "duration":
      return goDuration(v.value);
    case undefined:
      return "";
    default:
      return exhaustive(v);
  }
}

/** A float as Go's `%v` prints it: shortest digits, exponent form below 1e-4 and from 1e6 (`1e+06`). */
export function goFloat(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "+Inf" : "-Inf";
  if (x === 0) return Object.is(x, -0) ? "-0" : "0";
  const [mant = "0", expText = "0"] = x.toExponential().split("e");
  const exp = Number(expText);
  if (exp < -4 || exp >= 6) {
    const sign = exp < 0 ? "-" : "+";
    return `${mant}e${sign}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  return String(x);
}

/** RFC 3339 in UTC with the fraction only when non-zero (Go's `ptypes.TimestampString`). */
function rfc3339(ts: Timestamp): string {
  const base = timestampDate(create(TimestampSchema, { seconds: ts.seconds, nanos: 0 }))
    .toISOString()
    .replace(/\.\d+Z$/, "");
  const frac = ts.nanos === 0 ? "" : `.${String(ts.nanos).padStart(9, "0").replace(/0+$/, "")}`;
  return `${base}${frac}Z`;
}

const UNITS: readonly (readonly [string, number])[] = [
  ["h", 3600e9],
  ["m", 60e9],
  ["s", 1e9],
  ["ms", 1e6],
  ["us", 1e3],
  ["µs", 1e3],
  ["ns", 1],
];

/** A protobuf duration as Go's `time.Duration.String()` writes it (`1h2m3.5s`, `1.5ms`, `0s`). */
export function goDuration(d: Duration): string {
  let ns = d.seconds * 1_000_000_000n + BigInt(d.nanos);
  if (ns === 0n) return "0s";
  const neg = ns < 0n;
  if (neg) ns = -ns;
  const sign = neg ? "-" : "";
  if (ns < 1_000_000_000n) {
    const [unit, size] = ns < 1000n ? ["ns", 1n] : ns < 1_000_000n ? ["µs", 1000n] : ["ms", 1_000_000n];
    return `${sign}${fraction(ns, size)}${unit}`;
  }
  const h = ns / 3_600_000_000_000n;
  const m = (ns / 60_000_000_000n) % 60n;
  const rest = ns % 60_000_000_000n;
  const s = `${fraction(rest, 1_000_000_000n)}s`;
  if (h > 0n) return `${sign}${h}h${m}m${s}`;
  if (m > 0n) return `${sign}${m}m${s}`;
  return `${sign}${s}`;
}

function fraction(n: bigint, unit: bigint): string {
  const whole = n / unit;
  const frac = n % unit;
  if (frac === 0n) return whole.toString();
  const digits = unit.toString().length - 1;
  return `${whole}.${frac.toString().padStart(digits, "0").replace(/0+$/, "")}`;
}

/** Parses a Go duration string (`1h30m`, `1.5s`, `300ms`, `0`) into nanoseconds. */
export function parseGoDuration(text: string): bigint | undefined {
  const s = text.trim();
  if (s === "0" || s === "+0" || s === "-0") return 0n;
  const m = /^([+-]?)((?:\d+(?:\.\d*)?|\.\d+)(?:h|m|s|ms|us|µs|ns))+$/.exec(s);
  if (!m) return undefined;
  let total = 0;
  for (const part of s.replace(/^[+-]/, "").matchAll(/(\d+(?:\.\d*)?|\.\d+)(ms|us|µs|ns|h|m|s)/g)) {
    const size = UNITS.find(([u]) => u === part[2])?.[1] ?? 0;
    total += Number(part[1]) * size;
  }
  const ns = BigInt(Math.round(total));
  return m[1] === "-" ? -ns : ns;
}

/**
 * Parses the text copilot finds in an output file into a literal of a simple type; one trailing
 * newline is dropped (what `echo` adds). Throws `Error` with a readable reason on bad text.
 */
export function parseSimpleText(simple: SimpleType, raw: string): Literal {
  const text = raw.replace(/\r?\n$/, "");
  const trimmed = text.trim();
  const bad = (what: string) => new Error(`expected ${what}, found ${JSON.stringify(text.slice(0, 80))}`);
  switch (simple) {
    case SimpleType.INTEGER:
      if (!/^[+-]?\d+$/.test(trimmed)) throw bad("an integer");
      return literals.integer(BigInt(trimmed));
    case SimpleType.FLOAT: {
      const x = /^[+-]?inf$/i.test(trimmed) ? (trimmed.startsWith("-") ? -Infinity : Infinity) : Number(trimmed);
      if (trimmed === "" || (Number.isNaN(x) && trimmed.toLowerCase() !== "nan")) throw bad("a number");
      return literals.float(x);
    }
    case SimpleType.STRING:
      return literals.string(text);
    case SimpleType.BOOLEAN: {
      if (/^(1|t|true)$/i.test(trimmed)) return literals.boolean(true);
      if (/^(0|f|false)$/i.test(trimmed)) return literals.boolean(false);
      throw bad("true or false");
    }
    case SimpleType.DATETIME: {
      const ms = Date.parse(trimmed);
      if (Number.isNaN(ms)) throw bad("an RFC 3339 datetime");
      return literals.datetime(new Date(ms));
    }
    case SimpleType.DURATION: {
      const ns = parseGoDuration(trimmed);
      if (ns === undefined) throw bad("a duration such as 1m30s");
      return literals.duration(Number(ns) / 1e6);
    }
    case SimpleType.NONE:
      return literals.none();
    case SimpleType.BINARY:
    case SimpleType.ERROR:
    case SimpleType.STRUCT:
      throw new Error(`outputs of simple type ${SimpleType[simple]} cannot be read from a file`);
    default:
      return exhaustive(simple);
  }
}

function exhaustive(x: never): never {
  throw new Error(`unhandled case ${JSON.stringify(x)}`);
}
