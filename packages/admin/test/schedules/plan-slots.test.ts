import { create } from "@bufbuild/protobuf";
import { FixedRateUnit, ScheduleSchema } from "@flyte-ts/idl/gen/flyteidl/admin/schedule_pb";
import { describe, expect, it } from "vitest";
import { planSlots, type CatchUpPolicy } from "../../src/schedules/plan-slots.js";
import { readScheduleDefinition, type ScheduleDefinition } from "../../src/schedules/schedule-definition.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T0 = Date.UTC(2026, 0, 5, 0, 0, 30);

function definition(schedule: Parameters<typeof create<typeof ScheduleSchema>>[1]): ScheduleDefinition {
  const read = readScheduleDefinition(create(ScheduleSchema, schedule));
  if (!read.ok) throw new Error(read.message);
  return read.definition;
}
const minutely = definition({ ScheduleExpression: { case: "cronSchedule", value: { schedule: "* * * * *" } } });
const hourlyRate = definition({ ScheduleExpression: { case: "rate", value: { value: 1, unit: FixedRateUnit.HOUR } } });

const plan = (policy: CatchUpPolicy, o: { now: number; from?: number; maxCatchUp?: number; retrySlot?: number }) =>
  planSlots({
    definition: minutely,
    anchor: T0,
    from: o.from ?? T0,
    now: o.now,
    policy,
    maxCatchUp: o.maxCatchUp ?? 100,
    graceMs: 2 * MINUTE,
    ...(o.retrySlot === undefined ? {} : { retrySlot: o.retrySlot }),
  });
const minutes = (ts: number[]) => ts.map((t) => (t - Date.UTC(2026, 0, 5)) / MINUTE);

describe("planSlots", () => {
  it("on-time fire times run whatever the policy; the cursor moves to the latest", () => {
    for (const policy of ["none", "last", "all"] as const) {
      const p = plan(policy, { now: T0 + 90_000, from: T0 });
      expect(minutes(p.launch), policy).toEqual([1, 2]);
      expect(p.latest).toBe(Date.UTC(2026, 0, 5, 0, 2));
      expect(p.skipped).toBe(false);
    }
  });

  it("after 10 h down: none skips, last takes the newest, all takes up to maxCatchUp newest (oldest first)", () => {
    const now = T0 + 10 * HOUR + 5 * MINUTE + 10_000; // 10:05:40
    expect(minutes(plan("none", { now }).launch)).toEqual([604, 605]);
    expect(plan("none", { now }).skipped).toBe(true);
    expect(minutes(plan("last", { now }).launch)).toEqual([604, 605]);
    expect(minutes(plan("all", { now, maxCatchUp: 3 }).launch)).toEqual([601, 602, 603, 604, 605]);
    expect(plan("all", { now }).launch).toHaveLength(102);
    expect(plan("all", { now, maxCatchUp: 0 }).skipped).toBe(true);
  });

  it("last with only missed fire times launches exactly one", () => {
    const p = planSlots({
      definition: hourlyRate,
      anchor: T0,
      from: T0,
      now: T0 + 5 * HOUR + 30 * MINUTE,
      policy: "last",
      maxCatchUp: 100,
      graceMs: 2 * MINUTE,
    });
    expect(p.launch).toEqual([T0 + 5 * HOUR]);
    expect(p.latest).toBe(T0 + 5 * HOUR);
  });

  it("a fire time being retried counts as on time even when late", () => {
    const now = T0 + 30 * MINUTE;
    const retrySlot = Date.UTC(2026, 0, 5, 0, 25);
    expect(minutes(plan("none", { now, from: retrySlot - MINUTE, retrySlot }).launch)).toEqual([
      25, 26, 27, 28, 29, 30,
    ]);
  });

  it("nothing is due at or before the cursor", () => {
    const p = plan("all", { now: T0 + 10 * MINUTE, from: Date.UTC(2026, 0, 5, 0, 10) });
    expect(p).toEqual({ launch: [], skipped: false });
  });
});
