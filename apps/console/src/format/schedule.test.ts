import { create } from "@bufbuild/protobuf";
import { CronScheduleSchema, FixedRateUnit, ScheduleSchema } from "@flyte-ts/idl/gen/flyteidl/admin/schedule_pb";
import { describe, expect, it } from "vitest";
import { cronWords, rateWords, scheduleText, scheduleWords, viewWords } from "./schedule.js";

describe("schedules in words", () => {
  it("says the common cron shapes in words (UTC), and nothing for the rest", () => {
    const cases: [string, string | undefined][] = [
      ["* * * * *", "every minute"],
      ["*/15 * * * *", "every 15 minutes"],
      ["0 * * * *", "every hour, on the hour"],
      ["30 * * * *", "every hour at minute 30"],
      ["0 */6 * * *", "every 6 hours, on the hour"],
      ["5 */2 * * *", "every 2 hours, at minute 5"],
      ["0 2 * * *", "every day at 02:00 UTC"],
      ["45 23 * * *", "every day at 23:45 UTC"],
      ["0 9 * * 1-5", "every Monday to Friday at 09:00 UTC"],
      ["0 9 * * MON,WED,FRI", "every Monday, Wednesday and Friday at 09:00 UTC"],
      ["0 9 * * 0,6", "every Sunday and Saturday at 09:00 UTC"],
      ["0 9 * * 7", "every Sunday at 09:00 UTC"],
      ["0 0 1 * *", "on day 1 of every month at 00:00 UTC"],
      ["0 12 25 12 *", "every year on December 25 at 12:00 UTC"],
      ["0 12 1 JAN *", "every year on January 1 at 12:00 UTC"],
      ["@daily", "every day at 00:00 UTC"],
      ["@hourly", "every hour, on the hour"],
      ["@WEEKLY", "every Sunday at 00:00 UTC"],
      ["@every 90m", "every 90m"],
      // Not simple (or not valid): shown as registered.
      ["0,30 9-17 * * 1-5", undefined],
      ["0 9 1 * 1", undefined],
      ["0 9 * * 1-9", undefined],
      ["61 * * * *", undefined],
      ["0 2 * *", undefined],
      ["0 25 * * *", undefined],
      ["0 2 ? * *", undefined],
    ];
    for (const [expr, words] of cases) expect(cronWords(expr), expr).toBe(words);
  });

  it("says fixed rates in words", () => {
    expect(rateWords(1, "MINUTE")).toBe("every minute");
    expect(rateWords(5, "MINUTE")).toBe("every 5 minutes");
    expect(rateWords(2, "DAY")).toBe("every 2 days");
    expect(rateWords(0, "HOUR")).toBeUndefined();
    expect(rateWords(3, "WEEK")).toBeUndefined();
  });

  it("reads a launch plan's Schedule message and the server's schedule view", () => {
    const cron = create(ScheduleSchema, { ScheduleExpression: { case: "cronExpression", value: "0 2 * * *" } });
    expect(scheduleWords(cron)).toBe("every day at 02:00 UTC");
    expect(scheduleText(cron)).toBe("cron 0 2 * * *");
    const cronSchedule = create(ScheduleSchema, {
      ScheduleExpression: { case: "cronSchedule", value: create(CronScheduleSchema, { schedule: "@hourly" }) },
    });
    expect(scheduleWords(cronSchedule)).toBe("every hour, on the hour");
    const rate = create(ScheduleSchema, {
      ScheduleExpression: { case: "rate", value: { value: 10, unit: FixedRateUnit.MINUTE } },
      kickoffTimeInputArg: "t",
    });
    expect(scheduleWords(rate)).toBe("every 10 minutes");
    expect(scheduleText(rate)).toBe("every 10 minutes");
    expect(scheduleWords(create(ScheduleSchema, {}))).toBeUndefined();
    expect(scheduleWords(undefined)).toBeUndefined();
    expect(viewWords("rate", "1 HOUR")).toBe("every hour");
    expect(viewWords("cron", "30 4 * * *")).toBe("every day at 04:30 UTC");
    expect(viewWords("", "")).toBeUndefined();
  });
});
