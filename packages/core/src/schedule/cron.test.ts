import { describe, expect, it } from "vitest";
import { nextCronTime, parseCron, parseGoDuration } from "./cron.js";

const at = (s: string) => new Date(s);
const next = (expr: string, after: string) => nextCronTime(parseCron(expr), at(after))?.toISOString();

describe("cron", () => {
  it("fires on the next matching minute", () => {
    expect(next("*/15 * * * *", "2026-01-01T10:07:30Z")).toBe("2026-01-01T10:15:00.000Z");
    expect(next("0 * * * *", "2026-01-01T10:00:00Z")).toBe("2026-01-01T11:00:00.000Z");
    expect(next("30 2 * * *", "2026-01-01T03:00:00Z")).toBe("2026-01-02T02:30:00.000Z");
  });

  it("rolls over months and years", () => {
    expect(next("0 0 1 1 *", "2026-06-01T00:00:00Z")).toBe("2027-01-01T00:00:00.000Z");
    expect(next("0 12 31 * *", "2026-04-01T00:00:00Z")).toBe("2026-05-31T12:00:00.000Z");
  });

  it("reads names, ranges, lists and steps", () => {
    expect(next("0 9 * * MON-FRI", "2026-11-21T12:00:00Z")).toBe("2026-11-23T09:00:00.000Z"); // Sat → Mon
    expect(next("0 0 * JUN *", "2026-01-01T00:00:00Z")).toBe("2026-06-01T00:00:00.000Z");
    expect(next("5,10 * * * *", "2026-01-01T00:06:00Z")).toBe("2026-01-01T00:10:00.000Z");
    expect(next("0 0 * * 7", "2026-11-21T00:00:00Z")).toBe("2026-11-22T00:00:00.000Z"); // 7 = Sunday
  });

  it("ORs day-of-month and day-of-week when both are restricted", () => {
    // 2026-11-21 is a Saturday. Next: the 1st of December, or a Monday (the 23rd), whichever first.
    expect(next("0 0 1 * MON", "2026-11-21T00:00:00Z")).toBe("2026-11-23T00:00:00.000Z");
  });

  it("accepts descriptors", () => {
    expect(next("@hourly", "2026-01-01T10:59:00Z")).toBe("2026-01-01T11:00:00.000Z");
    expect(next("@daily", "2026-01-01T10:59:00Z")).toBe("2026-01-02T00:00:00.000Z");
    expect(next("@weekly", "2026-11-21T10:00:00Z")).toBe("2026-11-22T00:00:00.000Z");
    const every = parseCron("@every 1h30m");
    expect(every).toEqual({ kind: "every", intervalMs: 5_400_000 });
    expect(nextCronTime(every, at("2026-01-01T01:00:00Z"), at("2026-01-01T00:00:00Z"))?.toISOString()).toBe(
      "2026-01-01T01:30:00.000Z",
    );
  });

  it("returns undefined for schedules that never fire", () => {
    expect(next("0 0 31 2 *", "2026-01-01T00:00:00Z")).toBeUndefined();
  });

  it.each([
    ["* * * *", /expected 5 fields/],
    ["60 * * * *", /minute value 60 is outside 0-59/],
    ["* 24 * * *", /hour value 24/],
    ["* * 0 * *", /day-of-month value 0/],
    ["* * * 13 *", /month value 13/],
    ["*/0 * * * *", /step "0"/],
    ["5-1 * * * *", /runs backwards/],
    ["@fortnightly", /unknown descriptor/],
    ["@every 10s", /at least one minute/],
    ["a * * * *", /not a number/],
  ])("rejects %s", (expr, message) => {
    expect(() => parseCron(expr)).toThrow(message);
  });

  it("parses Go durations", () => {
    expect(parseGoDuration("1h30m")).toBe(5_400_000);
    expect(parseGoDuration("90s")).toBe(90_000);
    expect(parseGoDuration("1x")).toBeUndefined();
    expect(parseGoDuration("")).toBeUndefined();
  });
});
