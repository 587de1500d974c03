import { InvalidFilterError, ListErrorCode } from "./list-errors.js";
import type { ColumnSpec } from "./list-spec.js";

const DURATION_UNITS_MS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/**
 * A duration filter value in milliseconds, read the way flyteadmin reads them: a plain number is
 * seconds (`200`, `1.5`), otherwise a Go duration string (`1h30m`, `250ms`, `-2s`). Undefined when
 * it is neither.
 */
export function parseDurationMs(value: string): number | undefined {
  if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(value)) return Math.round(Number(value) * 1000);
  const m = /^([+-]?)((?:(?:\d+\.?\d*|\.\d+)(?:ns|us|µs|ms|s|m|h))+)$/.exec(value);
  if (m === null) return undefined;
  let total = 0;
  for (const part of (m[2] ?? "").matchAll(/(\d+\.?\d*|\.\d+)(ns|us|µs|ms|s|m|h)/g)) {
    total += Number(part[1]) * (DURATION_UNITS_MS[part[2] ?? ""] ?? Number.NaN);
  }
  return Number.isFinite(total) ? Math.round(m[1] === "-" ? -total : total) : undefined;
}

/** Converts one filter value to what the column stores; `InvalidFilterValue` when it does not parse. */
export function convertFilterValue(c: ColumnSpec, value: string, term: string, field: string): string | number {
  const fail = (expected: string) =>
    new InvalidFilterError(
      ListErrorCode.InvalidFilterValue,
      term,
      `${JSON.stringify(value)} is not ${expected}`,
      field,
    );
  const t = c.type;
  switch (t.kind) {
    case "string":
      return value;
    case "int": {
      if (!/^-?\d+$/.test(value)) throw fail("an integer");
      return Number(value);
    }
    case "timestamp": {
      const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
      if (Number.isNaN(ms)) throw fail("a timestamp (RFC 3339)");
      return ms;
    }
    case "duration": {
      const ms = parseDurationMs(value);
      if (ms === undefined) throw fail("a duration (seconds, or like 1h30m, 250ms)");
      return ms;
    }
    case "bool": {
      if (value === "true" || value === "1") return 1;
      if (value === "false" || value === "0") return 0;
      throw fail("a boolean");
    }
    case "enum": {
      if (/^\d+$/.test(value) && Object.values(t.values).includes(Number(value))) return Number(value);
      const n = t.values[value.toUpperCase()];
      if (n === undefined) throw fail(`one of ${Object.keys(t.values).join(", ")}`);
      return n;
    }
    case "name": {
      const upper = value.toUpperCase();
      if (!t.names.includes(upper)) throw fail(`one of ${t.names.join(", ")}`);
      return upper;
    }
    default: {
      const never: never = t;
      throw new Error(`unhandled column type ${JSON.stringify(never)}`);
    }
  }
}
