import { create } from "@bufbuild/protobuf";
import { FixedRateUnit, ScheduleSchema } from "@flyte-ts/idl/gen/flyteidl/admin/schedule_pb";
import { describe, expect, it } from "vitest";
import {
  nextFireTime,
  nextFireTimes,
  previousFireTime,
  readScheduleDefinition,
  type ScheduleDefinition,
} from "../../src/schedules/schedule-definition.js";

const MINUTE = 60_000;
const at = (s: string) => Date.parse(s);
const iso = (ms: number) => new Date(ms).toISOString().replace(":00.000Z", "Z");

function cron(expression: string, field: "cronSchedule" | "cronExpression" = "cronSchedule"): ScheduleDefinition {
  const schedule = create(ScheduleSchema, {
    ScheduleExpression:
      field === "cronSchedule"
        ? { case: "cronSchedule", value: { schedule: expression } }
        : { case: "cronExpression", value: expression },
  });
  const read = readScheduleDefinition(schedule);
  if (!read.ok) throw new Error(read.message);
  return read.definition;
}

function cronError(expression: string): string {
  const read = readScheduleDefinition(
    create(ScheduleSchema, { ScheduleExpression: { case: "cronSchedule", value: { schedule: expression } } }),
  );
  if (read.ok) throw new Error(`${expression} parsed`);
  return read.message;
}

const next = (d: ScheduleDefinition, from: string, n: number) => nextFireTimes(d, at(from), 0, n).map(iso);

/** Every minute in [from, from + minutes) whose fields match the parsed sets: no search involved. */
function bruteForce(d: ScheduleDefinition, from: number, minutes: number): number[] {
  if (d.kind !== "cron") throw new Error("cron only");
  const f = d.fields;
  const out: number[] = [];
  for (let t = from; t < from + minutes * MINUTE; t += MINUTE) {
    const x = new Date(t);
    const dom = f.daysOfMonth.has(x.getUTCDate());
    const dow = f.daysOfWeek.has(x.getUTCDay());
    const day = f.domRestricted && f.dowRestricted ? dom || dow : dom && dow;
    if (day && f.minutes.has(x.getUTCMinutes()) && f.hours.has(x.getUTCHours()) && f.months.has(x.getUTCMonth() + 1)) {
      out.push(t);
    }
  }
  return out;
}

describe("cron schedules (5 fields, UTC)", () => {
  it("steps, ranges and lists", () => {
    expect(next(cron("*/15 * * * *"), "2026-01-05T10:07:00Z", 3)).toEqual([
      "2026-01-05T10:15Z",
      "2026-01-05T10:30Z",
      "2026-01-05T10:45Z",
    ]);
    expect(next(cron("5/20 8-9 * * *"), "2026-01-05T08:00:00Z", 4)).toEqual([
      "2026-01-05T08:05Z",
      "2026-01-05T08:25Z",
      "2026-01-05T08:45Z",
      "2026-01-05T09:05Z",
    ]);
    expect(next(cron("0 9,17 * * *"), "2026-01-05T12:00:00Z", 3)).toEqual([
      "2026-01-05T17:00Z",
      "2026-01-06T09:00Z",
      "2026-01-06T17:00Z",
    ]);
    expect(next(cron("0 0-12/6 * * *"), "2026-01-05T01:00:00Z", 3)).toEqual([
      "2026-01-05T06:00Z",
      "2026-01-05T12:00Z",
      "2026-01-06T00:00Z",
    ]);
  });

  it("day-of-week names and ranges; a weekday schedule skips the weekend", () => {
    // 2026-01-09 is a Friday.
    expect(next(cron("30 9 * * MON-FRI"), "2026-01-09T10:00:00Z", 2)).toEqual([
      "2026-01-12T09:30Z",
      "2026-01-13T09:30Z",
    ]);
    expect(next(cron("0 12 * * sat,SUN"), "2026-01-05T00:00:00Z", 2)).toEqual([
      "2026-01-10T12:00Z",
      "2026-01-11T12:00Z",
    ]);
    // 7 is Sunday too.
    expect(next(cron("0 0 * * 7"), "2026-01-05T00:00:00Z", 1)).toEqual(["2026-01-11T00:00Z"]);
  });

  it("day-of-month and day-of-week both restricted: either matches (classic cron)", () => {
    // The 13th of each month, and every Friday.
    expect(next(cron("0 0 13 * FRI"), "2026-02-01T00:00:00Z", 4)).toEqual([
      "2026-02-06T00:00Z",
      "2026-02-13T00:00Z",
      "2026-02-20T00:00Z",
      "2026-02-27T00:00Z",
    ]);
    expect(next(cron("0 0 13 * FRI"), "2026-03-01T00:00:00Z", 3)).toEqual([
      "2026-03-06T00:00Z",
      "2026-03-13T00:00Z",
      "2026-03-20T00:00Z",
    ]);
    // `?` in day-of-week leaves day-of-month alone, as in Flyte's (AWS-style) expressions.
    expect(next(cron("0 0 15 * ?"), "2026-01-20T00:00:00Z", 2)).toEqual(["2026-02-15T00:00Z", "2026-03-15T00:00Z"]);
  });

  it("month names and month ends: the 31st skips short months, Feb 29 waits for a leap year", () => {
    expect(next(cron("0 0 31 * *"), "2026-01-31T12:00:00Z", 3)).toEqual([
      "2026-03-31T00:00Z",
      "2026-05-31T00:00Z",
      "2026-07-31T00:00Z",
    ]);
    expect(next(cron("0 0 29 2 *"), "2026-01-01T00:00:00Z", 2)).toEqual(["2028-02-29T00:00Z", "2032-02-29T00:00Z"]);
    expect(next(cron("0 6 1 JAN,jul *"), "2026-02-01T00:00:00Z", 2)).toEqual([
      "2026-07-01T06:00Z",
      "2027-01-01T06:00Z",
    ]);
    // The last minute of the year rolls over to the next.
    expect(next(cron("59 23 31 DEC *"), "2026-12-31T23:59:00Z", 1)).toEqual(["2027-12-31T23:59Z"]);
  });

  it("descriptors", () => {
    const from = "2026-01-05T10:20:00Z"; // a Monday
    expect(next(cron("@hourly"), from, 1)).toEqual(["2026-01-05T11:00Z"]);
    expect(next(cron("@daily"), from, 1)).toEqual(["2026-01-06T00:00Z"]);
    expect(next(cron("@midnight"), from, 1)).toEqual(["2026-01-06T00:00Z"]);
    expect(next(cron("@weekly"), from, 1)).toEqual(["2026-01-11T00:00Z"]);
    expect(next(cron("@monthly"), from, 1)).toEqual(["2026-02-01T00:00Z"]);
    expect(next(cron("@yearly"), from, 1)).toEqual(["2027-01-01T00:00Z"]);
    expect(next(cron("@annually"), from, 1)).toEqual(["2027-01-01T00:00Z"]);
    // The deprecated cron_expression field reads the same way.
    expect(next(cron("@hourly", "cronExpression"), from, 1)).toEqual(["2026-01-05T11:00Z"]);
  });

  it("rejects bad expressions naming the field and the problem", () => {
    expect(cronError("61 * * * *")).toMatch(/minute value 61 is outside 0-59/);
    expect(cronError("0 24 * * *")).toMatch(/hour value 24 is outside 0-23/);
    expect(cronError("0 0 0 * *")).toMatch(/day-of-month value 0 is outside 1-31/);
    expect(cronError("0 0 * 13 *")).toMatch(/month value 13/);
    expect(cronError("0 0 * * MOO")).toMatch(/day-of-week value "MOO" is not a number/);
    expect(cronError("*/0 * * * *")).toMatch(/step "0" in minute field must be a positive number/);
    expect(cronError("0 10-5 * * *")).toMatch(/range 10-5 in hour field runs backwards/);
    expect(cronError("* * * *")).toMatch(/expected 5 fields/);
    expect(cronError("@often")).toMatch(/unknown descriptor/);
    expect(cronError("")).toMatch(/expected 5 fields/);
  });

  it("previous fire times mirror next ones, checked minute by minute over three days", () => {
    const from = at("2026-02-27T00:00:00Z"); // across a month end
    for (const e of ["*/7 * * * *", "0 */5 * * *", "15 10 * * MON-FRI", "0 0 1,28 * *", "30 2 1 3 *", "0 0 13 * FRI"]) {
      const d = cron(e);
      const expected = bruteForce(d, from, 3 * 24 * 60);
      // Walking forward with next() finds exactly the matching minutes...
      const forward = nextFireTimes(d, from - 1, 0, expected.length + 1).filter((t) => t < from + 3 * 86_400_000);
      expect(forward.map(iso), e).toEqual(expected.map(iso));
      // ...and walking back with previous() finds them in reverse.
      const back: number[] = [];
      for (let t = previousFireTime(d, from + 3 * 86_400_000, 0); t !== undefined && t >= from;) {
        back.push(t);
        t = previousFireTime(d, t, 0);
      }
      expect(back.reverse().map(iso), e).toEqual(expected.map(iso));
    }
  });

  it("previous() is strict and reaches back across years; a cron that never fires has none", () => {
    const d = cron("0 0 29 2 *");
    expect(iso(previousFireTime(d, at("2028-02-29T00:00:00Z"), 0) ?? 0)).toBe("2024-02-29T00:00Z");
    expect(iso(previousFireTime(d, at("2028-02-29T00:00:01Z"), 0) ?? 0)).toBe("2028-02-29T00:00Z");
    const never = cron("0 0 30 2 *");
    expect(previousFireTime(never, at("2026-01-01T00:00:00Z"), 0)).toBeUndefined();
    expect(nextFireTime(never, at("2026-01-01T00:00:00Z"), 0)).toBeUndefined();
  });
});

describe("fixed-rate schedules", () => {
  const rate = (value: number, unit: FixedRateUnit) => {
    const read = readScheduleDefinition(
      create(ScheduleSchema, { ScheduleExpression: { case: "rate", value: { value, unit } } }),
    );
    if (!read.ok) throw new Error(read.message);
    return read.definition;
  };

  it("fire at anchor + k × interval (k ≥ 1), in minutes, hours or days", () => {
    const anchor = at("2026-01-05T10:00:30Z");
    expect(nextFireTimes(rate(90, FixedRateUnit.MINUTE), anchor, anchor, 2).map(iso)).toEqual([
      "2026-01-05T11:30:30.000Z",
      "2026-01-05T13:00:30.000Z",
    ]);
    expect(nextFireTimes(rate(2, FixedRateUnit.HOUR), anchor - 5 * MINUTE, anchor, 1).map(iso)).toEqual([
      "2026-01-05T12:00:30.000Z",
    ]);
    expect(nextFireTimes(rate(1, FixedRateUnit.DAY), anchor + 86_400_000, anchor, 1).map(iso)).toEqual([
      "2026-01-07T10:00:30.000Z",
    ]);
    const d = rate(10, FixedRateUnit.MINUTE);
    expect(previousFireTime(d, anchor + 25 * MINUTE, anchor)).toBe(anchor + 20 * MINUTE);
    expect(previousFireTime(d, anchor + 20 * MINUTE, anchor)).toBe(anchor + 10 * MINUTE);
    expect(previousFireTime(d, anchor + 10 * MINUTE, anchor)).toBeUndefined();
    expect(d).toMatchObject({ kind: "interval", source: "rate", expression: "10 MINUTE" });
  });

  it("@every counts from the anchor too", () => {
    const d = cron("@every 1h30m");
    expect(d).toMatchObject({ kind: "interval", source: "cron", intervalMs: 90 * MINUTE });
    expect(nextFireTime(d, 1000, 1000)).toBe(1000 + 90 * MINUTE);
  });

  it("rejects a zero rate and a missing expression", () => {
    const zero = readScheduleDefinition(
      create(ScheduleSchema, { ScheduleExpression: { case: "rate", value: { value: 0, unit: FixedRateUnit.HOUR } } }),
    );
    expect(zero).toEqual({ ok: false, message: "rate.value must be at least 1, got 0" });
    expect(readScheduleDefinition(create(ScheduleSchema, {}))).toMatchObject({ ok: false });
  });
});
