import type { Literal } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";

/**
 * The command-line text of an input for `{{.Inputs.<name>}}` (brief §5.1): numbers and booleans
 * as text, strings as they are, datetimes in RFC 3339, durations in Go's format, blobs / schemas
 * / datasets as their URI, collections as `[a,b]`, none as the empty string. Undefined when the
 * value has no text form (maps, structs, unions of those, errors).
 */
export function inputText(literal: Literal): string | undefined {
  const v = literal.value;
  switch (v.case) {
    case "collection": {
      const parts = v.value.literals.map(inputText);
      return parts.every((p) => p !== undefined) ? `[${parts.join(",")}]` : undefined;
    }
    case "scalar": {
      const s = v.value.value;
      switch (s.case) {
        case "primitive": {
          const p = s.value.value;
          switch (p.case) {
            case "integer":
              return p.value.toString();
            case "floatValue":
              return String(p.value);
            case "stringValue":
              return p.value;
            case "boolean":
              return p.value ? "true" : "false";
            case "datetime":
              return rfc3339(Number(p.value.seconds), p.value.nanos);
            case "duration":
              return goDuration(p.value.seconds, p.value.nanos);
            case undefined:
              return undefined;
            default: {
              const never: never = p;
              return never;
            }
          }
        }
        case "blob":
        case "structuredDataset":
        case "schema":
          return s.value.uri;
        case "noneType":
          return "";
        case "union":
          return s.value.value ? inputText(s.value.value) : undefined;
        case "binary":
        case "error":
        case "generic":
        case undefined:
          return undefined;
        default: {
          const never: never = s;
          return never;
        }
      }
    }
    case "map":
    case "offloadedMetadata":
    case undefined:
      return undefined;
    default: {
      const never: never = v;
      return never;
    }
  }
}

/** `2024-05-01T12:00:00Z` (Go's time.RFC3339: fractional seconds only when present). */
function rfc3339(seconds: number, nanos: number): string {
  const iso = new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, "");
  const frac = nanos > 0 ? `.${String(nanos).padStart(9, "0").replace(/0+$/, "")}` : "";
  return `${iso}${frac}Z`;
}

/** Go's `time.Duration.String()`: `1h2m3.5s`, `1.5ms`, `0s`. */
export function goDuration(seconds: bigint, nanos: number): string {
  let total = seconds * 1_000_000_000n + BigInt(nanos);
  if (total === 0n) return "0s";
  const sign = total < 0n ? "-" : "";
  if (total < 0n) total = -total;
  const frac = (n: bigint, unit: bigint) => {
    const whole = n / unit;
    const rest = n % unit;
    if (rest === 0n) return whole.toString();
    const digits = unit.toString().length - 1;
    return `${whole}.${rest.toString().padStart(digits, "0").replace(/0+$/, "")}`;
  };
  if (total < 1_000n) return `${sign}${total}ns`;
  if (total < 1_000_000n) return `${sign}${frac(total, 1_000n)}µs`;
  if (total < 1_000_000_000n) return `${sign}${frac(total, 1_000_000n)}ms`;
  const h = total / 3_600_000_000_000n;
  const m = (total / 60_000_000_000n) % 60n;
  const s = total % 60_000_000_000n;
  const secs = `${frac(s, 1_000_000_000n)}s`;
  if (h > 0n) return `${sign}${h}h${m}m${secs}`;
  if (m > 0n) return `${sign}${m}m${secs}`;
  return `${sign}${secs}`;
}
