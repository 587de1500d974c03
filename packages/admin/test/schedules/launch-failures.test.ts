import { rmSync } from "node:fs";
import { NotFoundError } from "@flyte-ts/core";
import type { ExecutionCreateRequest } from "@flyte-ts/idl/gen/flyteidl/admin/execution_pb";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ManualScheduler } from "../../src/notifications/scheduler.js";
import {
  advanceTo,
  cron,
  openScheduleFixture,
  PD,
  scheduledTimes,
  START,
  tempDataDir,
  type ScheduleFixture,
} from "./schedule-fixture.js";

const h = (hour: number, minute = 0) => Date.UTC(2026, 0, 5, hour, minute);
const iso = (ms: number) => new Date(ms).toISOString();

describe("failed launches (SQLite file; CreateExecution made to fail on purpose)", { timeout: 60_000 }, () => {
  let dir: string;
  let clock: ManualScheduler;
  let f: ScheduleFixture;
  beforeEach(async () => {
    dir = tempDataDir();
    clock = new ManualScheduler({ startMs: START });
    f = await openScheduleFixture({ clock, database: { dialect: "sqlite", dataDir: dir }, blobsDir: dir });
    await f.registerWorkflows("v1");
    await f.registerLaunchPlan("hourly", "v1", cron("0 * * * *"));
    await f.setActive("hourly", "v1", true);
  });
  afterEach(async () => {
    await f.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The real execution manager, failing the first `times` calls with `error()`. */
  function failing(times: number, error: () => Error) {
    let calls = 0;
    return {
      calls: () => calls,
      create: (req: ExecutionCreateRequest) => {
        calls++;
        if (calls <= times) return Promise.reject(error());
        return f.services.executions.create(req);
      },
    };
  }

  it("a transient failure is retried on the next passes (even past the grace period, with none) and shows as lastError meanwhile", async () => {
    const exec = failing(3, () => new Error("database hiccup"));
    const s = f.scheduler({ executions: exec, catchUp: "none" });
    s.start();
    await advanceTo(clock, [s], h(11, 0));
    const [during] = await s.describe(PD, 1);
    expect(during?.lastError).toMatch(/launching 2026-01-05T11:00:00.000Z failed \(attempt 1\): database hiccup/);
    // Nothing was launched yet, so there is no last fire time to show.
    expect(during?.lastSlot).toBeNull();
    await advanceTo(clock, [s], h(11, 10));
    expect(exec.calls()).toBe(4);
    expect(scheduledTimes(await f.executions()).map(iso)).toEqual([iso(h(11))]);
    const [after] = await s.describe(PD, 1);
    expect(after?.lastError).toBeNull();
    expect(after?.lastSlot).toBe(iso(h(11)));
    expect(f.errors).toHaveLength(3);
  });

  it("a permanent failure is recorded and the schedule goes on with the next fire time", async () => {
    const exec = failing(1, () => new NotFoundError("launch plan is gone"));
    const s = f.scheduler({ executions: exec });
    s.start();
    await advanceTo(clock, [s], h(11, 30));
    const [view] = await s.describe(PD, 1);
    expect(view?.lastSlot).toBe(iso(h(11)));
    expect(view?.lastError).toMatch(/attempt 1\): launch plan is gone/);
    expect(exec.calls()).toBe(1);
    await advanceTo(clock, [s], h(12, 30));
    expect(scheduledTimes(await f.executions()).map(iso)).toEqual([iso(h(12))]);
    expect((await s.describe(PD, 1))[0]?.lastError).toBeNull();
  });

  it("a failure that never clears gives up after 5 attempts and moves on", async () => {
    const exec = failing(5, () => new Error("still down"));
    const s = f.scheduler({ executions: exec });
    s.start();
    await advanceTo(clock, [s], h(12, 30));
    expect(exec.calls()).toBe(6);
    // 11:00 was given up on; 12:00 ran.
    expect(scheduledTimes(await f.executions()).map(iso)).toEqual([iso(h(12))]);
  });
});
