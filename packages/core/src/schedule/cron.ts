import { InvalidArgumentError } from "../errors.js";

/**
 * Standard 5-field cron (minute hour day-of-month month day-of-week), evaluated in UTC, plus the
 * descriptors Flyte's scheduler accepts: @yearly @annually @monthly @weekly @daily @midnight
 * @hourly and `@every <duration>` (e.g. `@every 1h30m`).
 *
 * Day-of-month and day-of-week follow classic cron: when both are restricted, a time matches if
 * either matches.
 */
export type CronSpec =
  | {
      kind: "fields";
      minutes: ReadonlySet<number>;
      hours: ReadonlySet<number>;
      daysOfMonth: ReadonlySet<number>;
      months: ReadonlySet<number>;
      daysOfWeek: ReadonlySet<number>;
      domRestricted: boolean;
      dowRestricted: boolean;
    }
  | { kind: "every"; intervalMs: number };

const descriptors: Readonly<Record<string, string>> = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *",
};

const monthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const dayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

interface FieldDef {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
  namesStart?: number;
}
const fieldDefs: readonly FieldDef[] = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day-of-month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12, names: monthNames, namesStart: 1 },
  { name: "day-of-week", min: 0, max: 7, names: dayNames, namesStart: 0 },
];

function cronError(expr: string, why: string): InvalidArgumentError {
  return new InvalidArgumentError(`invalid cron schedule "${expr}": ${why}`, { code: "InvalidCron" });
}

function parseValue(expr: string, def: FieldDef, text: string): number {
  const upper = text.toUpperCase();
  const named = def.names?.indexOf(upper) ?? -1;
  if (named >= 0) return named + (def.namesStart ?? 0);
  if (!/^\d+$/.test(text)) throw cronError(expr, `${def.name} value "${text}" is not a number`);
  const n = Number(text);
  if (n < def.min || n > def.max) {
    throw cronError(expr, `${def.name} value ${n} is outside ${def.min}-${def.max}`);
  }
  return n;
}

function parseField(expr: string, def: FieldDef, text: string): { values: Set<number>; restricted: boolean } {
  const values = new Set<number>();
  const restricted = !(text === "*" || text === "?");
  for (const part of text.split(",")) {
    if (part === "") throw cronError(expr, `empty list item in ${def.name} field "${text}"`);
    const [range, stepText, extra] = part.split("/");
    if (extra !== undefined || range === undefined) throw cronError(expr, `bad step in ${def.name} field "${part}"`);
    let step = 1;
    if (stepText !== undefined) {
      if (!/^\d+$/.test(stepText) || Number(stepText) === 0) {
        throw cronError(expr, `step "${stepText}" in ${def.name} field must be a positive number`);
      }
      step = Number(stepText);
    }
    let lo: number;
    let hi: number;
    if (range === "*" || range === "?") {
      lo = def.min;
      hi = def.name === "day-of-week" ? 6 : def.max;
    } else if (range.includes("-")) {
      const [a, b, more] = range.split("-");
      if (a === undefined || b === undefined || more !== undefined) throw cronError(expr, `bad range "${range}"`);
      lo = parseValue(expr, def, a);
      hi = parseValue(expr, def, b);
      if (lo > hi) throw cronError(expr, `range ${range} in ${def.name} field runs backwards`);
    } else {
      lo = parseValue(expr, def, range);
      hi = stepText === undefined ? lo : def.name === "day-of-week" ? 6 : def.max;
    }
    for (let v = lo; v <= hi; v += step) values.add(def.name === "day-of-week" && v === 7 ? 0 : v);
  }
  return { values, restricted };
}

const durationUnits: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Parses a Go-style duration such as `1h30m`, `90s`, `15m`. */
export function parseGoDuration(text: string): number | undefined {
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/gy;
  let total = 0;
  let matched = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    total += Number(m[1]) * (durationUnits[m[2] ?? ""] ?? 0);
    matched = re.lastIndex;
  }
  return matched === text.length && text.length > 0 ? total : undefined;
}

export function parseCron(expression: string): CronSpec {
  const expr = expression.trim();
  if (expr.startsWith("@every")) {
    const ms = parseGoDuration(expr.slice("@every".length).trim());
    if (ms === undefined || ms < 60_000) {
      throw cronError(expression, "@every needs a duration of at least one minute, like 1h30m");
    }
    return { kind: "every", intervalMs: ms };
  }
  if (expr.startsWith("@")) {
    const fields = descriptors[expr.toLowerCase()];
    if (!fields)
      throw cronError(
        expression,
        `unknown descriptor; use one of ${Object.keys(descriptors).join(", ")}, @every <duration>`,
      );
    return parseCron(fields);
  }
  const parts = expr.split(/\s+/);
  if (parts.length !== 5) {
    throw cronError(expression, `expected 5 fields (minute hour day-of-month month day-of-week), got ${parts.length}`);
  }
  const [mi, ho, dom, mo, dow] = parts.map((p, i) => parseField(expression, fieldDefs[i]!, p));
  return {
    kind: "fields",
    minutes: mi!.values,
    hours: ho!.values,
    daysOfMonth: dom!.values,
    months: mo!.values,
    daysOfWeek: dow!.values,
    domRestricted: dom!.restricted,
    dowRestricted: dow!.restricted,
  };
}

function dayMatches(spec: Extract<CronSpec, { kind: "fields" }>, d: Date): boolean {
  const dom = spec.daysOfMonth.has(d.getUTCDate());
  const dow = spec.daysOfWeek.has(d.getUTCDay());
  if (spec.domRestricted && spec.dowRestricted) return dom || dow;
  return dom && dow;
}

/**
 * The first fire time strictly after `after` (minute granularity, UTC). For `@every`, fire times
 * are multiples of the interval counted from `anchor` (e.g. the schedule's activation time).
 * Returns undefined when no time matches within five years (e.g. `0 0 31 2 *`).
 */
export function nextCronTime(spec: CronSpec, after: Date, anchor: Date = new Date(0)): Date | undefined {
  if (spec.kind === "every") {
    const n = Math.floor((after.getTime() - anchor.getTime()) / spec.intervalMs) + 1;
    return new Date(anchor.getTime() + Math.max(n, 1) * spec.intervalMs);
  }
  const t = new Date(after.getTime());
  t.setUTCSeconds(0, 0);
  t.setUTCMinutes(t.getUTCMinutes() + 1);
  const limit = after.getTime() + 5 * 366 * 24 * 3_600_000;
  while (t.getTime() <= limit) {
    if (!spec.months.has(t.getUTCMonth() + 1)) {
      t.setUTCMonth(t.getUTCMonth() + 1, 1);
      t.setUTCHours(0, 0);
      continue;
    }
    if (!dayMatches(spec, t)) {
      t.setUTCDate(t.getUTCDate() + 1);
      t.setUTCHours(0, 0);
      continue;
    }
    if (!spec.hours.has(t.getUTCHours())) {
      t.setUTCHours(t.getUTCHours() + 1, 0);
      continue;
    }
    if (!spec.minutes.has(t.getUTCMinutes())) {
      t.setUTCMinutes(t.getUTCMinutes() + 1);
      continue;
    }
    return t;
  }
  return undefined;
}
