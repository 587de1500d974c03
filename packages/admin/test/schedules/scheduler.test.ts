import { rmSync } from "node:fs";
import { FixedRateUnit } from "@flyte-ts/idl/gen/flyteidl/admin/schedule_pb";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ManualScheduler } from "../../src/notifications/scheduler.js";
import { scheduledExecutionName } from "../../src/schedules/scheduled-execution.js";
import {
  advanceTo,
  cron,
  HOUR,
  MINUTE,
  openScheduleFixture,
  PD,
  scheduledTimes,
  START,
  tempDataDir,
  type ScheduleFixture,
} from "./schedule-fixture.js";

const iso = (ms: number) => new Date(ms).toISOString();

describe("Scheduler on a real SQLite file (engine replaced by a recording launcher)", { timeout: 60_000 }, () => {
  let dir: string;
  let clock: ManualScheduler;
  let f: ScheduleFixture;
  beforeEach(async () => {
    dir = tempDataDir();
    clock = new ManualScheduler({ startMs: START });
    f = await openScheduleFixture({ clock, database: { dialect: "sqlite", dataDir: dir }, blobsDir: dir });
    await f.registerWorkflows("v1");
  });
  afterEach(async () => {
    await f.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("launches a cron schedule at each fire time with the kickoff input, mode SCHEDULED and scheduled_at", async () => {
    await f.registerLaunchPlan("hourly", "v1", cron("0 * * * *"));
    await f.setActive("hourly", "v1", true);
    const s = f.scheduler();
    s.start();
    await advanceTo(clock, [s], START + 3 * HOUR);
    const slots = [11, 12, 13].map((h) => Date.UTC(2026, 0, 5, h));
    const rows = await f.executions();
    expect(scheduledTimes(rows).map(iso)).toEqual(slots.map(iso));
    const id = { ...PD, name: "hourly", version: "v1" };
    expect(rows.map((r) => r.name)).toEqual(slots.map((t) => scheduledExecutionName(id, t)));
    for (const r of rows) expect(r.name).toMatch(/^f[0-9a-f]{19}$/);
    expect(rows[0]?.spec.metadata?.principal).toBe("flyte-scheduler");
    // The kickoff input is the fire time; the other input comes from the launch plan's default.
    expect(f.launches).toHaveLength(3);
    for (const [i, l] of f.launches.entries()) {
      const at = l.inputs.literals.at?.value;
      expect(at?.case).toBe("scalar");
      const p = at?.case === "scalar" && at.value.value.case === "primitive" ? at.value.value.value : undefined;
      expect(p?.value.case).toBe("datetime");
      expect(p?.value.case === "datetime" ? Number(p.value.value.seconds) * 1000 : 0).toBe(slots[i]);
      const n = l.inputs.literals.n?.value;
      expect(n?.case === "scalar" && n.value.value.case === "primitive" ? n.value.value.value.value.value : 0).toBe(7n);
    }
    expect(f.errors).toEqual([]);
  });

  it("fires a fixed rate every interval counted from the activation time, without drift", async () => {
    await f.registerLaunchPlan("every20", "v1", {
      ScheduleExpression: { case: "rate", value: { value: 20, unit: FixedRateUnit.MINUTE } },
      kickoffTimeInputArg: "at",
    });
    await f.setActive("every20", "v1", true);
    const s = f.scheduler();
    s.start();
    await advanceTo(clock, [s], START + HOUR + MINUTE);
    const expected = [1, 2, 3].map((k) => START + k * 20 * MINUTE);
    expect(scheduledTimes(await f.executions()).map(iso)).toEqual(expected.map(iso));
    // Fixed-rate executions get the kickoff input too.
    expect(f.launches.map((l) => l.inputs.literals.at?.value.case)).toEqual(["scalar", "scalar", "scalar"]);
  });

  it("stops on deactivation and follows the newly activated version's schedule", async () => {
    await f.registerLaunchPlan("switch", "v1", cron("0 * * * *"));
    await f.registerLaunchPlan("switch", "v2", cron("30 * * * *"));
    await f.setActive("switch", "v1", true);
    const s = f.scheduler();
    s.start();
    await advanceTo(clock, [s], Date.UTC(2026, 0, 5, 11, 10));
    expect((await f.executions()).map((r) => r.version)).toEqual(["v1"]);
    await f.setActive("switch", "v1", false);
    await advanceTo(clock, [s], Date.UTC(2026, 0, 5, 13, 10));
    expect(await f.executions()).toHaveLength(1);
    await f.setActive("switch", "v2", true);
    await s.refresh();
    await advanceTo(clock, [s], Date.UTC(2026, 0, 5, 15, 0));
    const rows = await f.executions();
    expect(rows.map((r) => r.version)).toEqual(["v1", "v2", "v2"]);
    expect(scheduledTimes(rows).map(iso)).toEqual(
      [Date.UTC(2026, 0, 5, 11), Date.UTC(2026, 0, 5, 13, 30), Date.UTC(2026, 0, 5, 14, 30)].map(iso),
    );
    // Activating v1 again (v2 is deactivated atomically) brings back the top-of-hour schedule.
    await f.setActive("switch", "v1", true);
    await advanceTo(clock, [s], Date.UTC(2026, 0, 5, 16, 45));
    expect((await f.executions()).map((r) => r.version)).toEqual(["v1", "v2", "v2", "v1"]);
    expect(f.errors).toEqual([]);
  });

  it("does not launch a fire time twice when the clock passes it again after a restart", async () => {
    await f.registerLaunchPlan("hourly", "v1", cron("0 * * * *"));
    await f.setActive("hourly", "v1", true);
    const a = f.scheduler();
    a.start();
    await advanceTo(clock, [a], Date.UTC(2026, 0, 5, 11, 0, 20));
    await a.stop();
    const b = f.scheduler({ catchUp: "all" });
    b.start();
    await advanceTo(clock, [b], Date.UTC(2026, 0, 5, 12, 0, 20));
    expect(scheduledTimes(await f.executions()).map(iso)).toEqual(
      [Date.UTC(2026, 0, 5, 11), Date.UTC(2026, 0, 5, 12)].map(iso),
    );
  });
});
