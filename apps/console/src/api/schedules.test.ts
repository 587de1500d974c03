import { describe, expect, it } from "vitest";
import { readSchedulesBody, scheduleOf } from "./schedules.js";

const VIEW = {
  launchPlan: { project: "p", domain: "d", name: "nightly", version: "v2" },
  type: "cron",
  expression: "0 2 * * *",
  kickoffTimeInputArg: "",
  activatedAt: "2026-12-01T10:00:00.000Z",
  nextRuns: ["2026-12-02T02:00:00.000Z", "2026-12-03T02:00:00.000Z"],
  lastSlot: "2026-12-01T02:00:00.000Z",
  lastExecution: "nightly-abc",
  lastError: null,
  catchUp: "last",
};

describe("reading the schedules route", () => {
  it("checks the body field by field", () => {
    const s = readSchedulesBody({ schedulerRunning: true, catchUp: "last", maxCatchUp: 10, schedules: [VIEW, 7, {}] });
    expect(s).toEqual({ status: "running", catchUp: "last", maxCatchUp: 10, schedules: [VIEW] });
    expect(scheduleOf(s, "nightly")?.nextRuns).toHaveLength(2);
    expect(scheduleOf(s, "nightly", "v1")).toBeUndefined();
    expect(scheduleOf(s, "other")).toBeUndefined();
    expect(readSchedulesBody({ schedulerRunning: false, schedules: [VIEW] })).toEqual({ status: "not-running" });
    expect(readSchedulesBody("nonsense")).toEqual({ status: "not-running" });
    const odd = readSchedulesBody({ schedulerRunning: true, schedules: [{ launchPlan: {}, type: "x", lastSlot: "" }] });
    expect(odd.status === "running" && odd.schedules[0]).toMatchObject({ type: "", lastSlot: null, nextRuns: [] });
  });
});
