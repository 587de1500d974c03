import { FixedRateUnit, type Schedule } from "@flyte-ts/idl/gen/flyteidl/admin/schedule_pb";

/** A schedule as registered: `cron 0 2 * * *`, `every 5 minutes`. */
export function scheduleText(s: Schedule | undefined): string | undefined {
  if (!s) return undefined;
  const e = s.ScheduleExpression;
  switch (e.case) {
    case "cronExpression":
      return `cron ${e.value}`;
    case "cronSchedule":
      return `cron ${e.value.schedule}${e.value.offset ? ` (offset ${e.value.offset})` : ""}`;
    case "rate": {
      const unit = FixedRateUnit[e.value.unit] ?? "";
      return rateWords(e.value.value, unit) ?? `every ${e.value.value} ${unit.toLowerCase()}`;
    }
    case undefined:
      return undefined;
    default: {
      const never: never = e;
      return String(never);
    }
  }
}

/** The schedule in words when it is simple (`every day at 02:00 UTC`), else undefined. */
export function scheduleWords(s: Schedule | undefined): string | undefined {
  const e = s?.ScheduleExpression;
  switch (e?.case) {
    case "cronExpression":
      return cronWords(e.value);
    case "cronSchedule":
      return e.value.offset ? undefined : cronWords(e.value.schedule);
    case "rate":
      return rateWords(e.value.value, FixedRateUnit[e.value.unit] ?? "");
    case undefined:
      return undefined;
    default: {
      const never: never = e;
      return String(never);
    }
  }
}

/**
 * The words for a schedule as the server's schedules route describes it: `type` cron with the
 * cron expression, or rate with `<value> <MINUTE|HOUR|DAY>`.
 */
export function viewWords(type: string, expression: string): string | undefined {
  if (type === "cron") return cronWords(expression);
  if (type === "rate") {
    const [value, unit] = expression.trim().split(/\s+/);
    return rateWords(Number(value), unit ?? "");
  }
  return undefined;
}

const UNIT_WORD: Readonly<Record<string, string>> = { MINUTE: "minute", HOUR: "hour", DAY: "day" };

/** `every minute`, `every 5 minutes`, `every 2 days`; undefined for a unit or value that is not one. */
export function rateWords(value: number, unit: string): string | undefined {
  const word = UNIT_WORD[unit.toUpperCase()];
  if (!word || !Number.isInteger(value) || value < 1) return undefined;
  return value === 1 ? `every ${word}` : `every ${value} ${word}s`;
}

const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const DAY_NAMES = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

const DESCRIPTORS: Readonly<Record<string, string>> = {
  "@yearly": "every year on January 1 at 00:00 UTC",
  "@annually": "every year on January 1 at 00:00 UTC",
  "@monthly": "on day 1 of every month at 00:00 UTC",
  "@weekly": "every Sunday at 00:00 UTC",
  "@daily": "every day at 00:00 UTC",
  "@midnight": "every day at 00:00 UTC",
  "@hourly": "every hour, on the hour",
};

const num = (f: string, min: number, max: number): number | undefined => {
  if (!/^\d+$/.test(f)) return undefined;
  const n = Number(f);
  return n >= min && n <= max ? n : undefined;
};

/** `*\/N` → N. */
const step = (f: string): number | undefined => (/^\*\/\d+$/.test(f) ? num(f.slice(2), 1, 1000) : undefined);

const pad = (n: number) => String(n).padStart(2, "0");

function dayOfWeek(f: string): number | undefined {
  const i = DAY_NAMES.indexOf(f.toUpperCase());
  if (i >= 0) return i;
  const n = num(f, 0, 7);
  return n === undefined ? undefined : n % 7;
}

/** `Monday`, `Monday and Friday`, `Monday, Wednesday and Friday`, `Monday to Friday`. */
function daysWords(f: string): string | undefined {
  const range = /^(\w+)-(\w+)$/.exec(f);
  if (range) {
    const a = dayOfWeek(range[1] ?? "");
    const b = dayOfWeek(range[2] ?? "");
    return a === undefined || b === undefined ? undefined : `${DAYS[a]} to ${DAYS[b]}`;
  }
  const days = f.split(",").map(dayOfWeek);
  if (days.some((d) => d === undefined)) return undefined;
  const names = days.map((d) => DAYS[d ?? 0] ?? "");
  const last = names.pop() ?? "";
  return names.length === 0 ? last : `${names.join(", ")} and ${last}`;
}

function month(f: string): string | undefined {
  const n = num(f, 1, 12);
  if (n !== undefined) return MONTHS[n - 1];
  const i = MONTHS.findIndex((m) => m.slice(0, 3).toUpperCase() === f.toUpperCase());
  return i >= 0 ? MONTHS[i] : undefined;
}

/**
 * A cron expression (5 fields, or a descriptor such as `@daily`; times in UTC, as the scheduler
 * reads them) in words when it is one of the common shapes; undefined otherwise (show it as is).
 */
export function cronWords(expression: string): string | undefined {
  const expr = expression.trim();
  const descriptor = DESCRIPTORS[expr.toLowerCase()];
  if (descriptor) return descriptor;
  const every = /^@every\s+(\S+)$/i.exec(expr);
  if (every) return `every ${every[1]}`;
  const fields = expr.split(/\s+/);
  if (fields.length !== 5) return undefined;
  const [mi = "", ho = "", dom = "", mon = "", dow = ""] = fields;
  const minute = num(mi, 0, 59);
  const hour = num(ho, 0, 23);
  const anyDay = dom === "*" && mon === "*" && dow === "*";
  if (anyDay && ho === "*") {
    if (mi === "*") return "every minute";
    const n = step(mi);
    if (n !== undefined) return n === 1 ? "every minute" : `every ${n} minutes`;
    if (minute !== undefined) return minute === 0 ? "every hour, on the hour" : `every hour at minute ${minute}`;
    return undefined;
  }
  if (minute === undefined) return undefined;
  const hoursStep = step(ho);
  if (anyDay && hoursStep !== undefined) {
    const at = minute === 0 ? "on the hour" : `at minute ${minute}`;
    return hoursStep === 1 ? `every hour, ${at}` : `every ${hoursStep} hours, ${at}`;
  }
  if (hour === undefined) return undefined;
  const at = `at ${pad(hour)}:${pad(minute)} UTC`;
  if (anyDay) return `every day ${at}`;
  if (dom === "*" && mon === "*") {
    const days = daysWords(dow);
    return days ? `every ${days} ${at}` : undefined;
  }
  const day = num(dom, 1, 31);
  if (day === undefined || dow !== "*") return undefined;
  if (mon === "*") return `on day ${day} of every month ${at}`;
  const m = month(mon);
  return m ? `every year on ${m} ${day} ${at}` : undefined;
}
