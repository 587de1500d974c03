import { rmSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ManualScheduler } from "../../src/notifications/scheduler.js";
import type { CatchUpPolicy } from "../../src/schedules/plan-slots.js";
import {
  advanceTo,
  cron,
  openScheduleFixture,
  scheduledTimes,
  START,
  tempDataDir,
  type ScheduleFixture,
} from "./schedule-fixture.js";

const h = (hour: number, minute = 0, second = 0) => Date.UTC(2026, 0, 5, hour, minute, second);
const hours = (rows: Parameters<typeof scheduledTimes>[0]) =>
  scheduledTimes(rows).map((t) => new Date(t).getUTCHours());

describe(
  "restart catch-up of missed fire times (SQLite file; engine replaced by a recording launcher)",
  { timeout: 60_000 },
  () => {
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
      // A first scheduler launches 11:00, then the process is down from 11:00:20 until `restartAt`.
      const first = f.scheduler();
      first.start();
      await advanceTo(clock, [first], h(11, 0, 20));
      await first.stop();
      expect(hours(await f.executions())).toEqual([11]);
    });
    afterEach(async () => {
      await f.close();
      rmSync(dir, { recursive: true, force: true });
    });

    /** Restarts at `restartAt` with `policy`, runs until 17:30 and returns the hours launched. */
    async function restart(policy: CatchUpPolicy, restartAt: number, maxCatchUp?: number): Promise<number[]> {
      clock.advance(restartAt - clock.now());
      const s = f.scheduler({ catchUp: policy, ...(maxCatchUp === undefined ? {} : { maxCatchUp }) });
      s.start();
      await advanceTo(clock, [s], h(17, 30));
      await s.stop();
      expect(f.errors).toEqual([]);
      return hours(await f.executions());
    }

    it("none: the missed 12:00-16:00 are skipped; 17:00 runs", async () => {
      expect(await restart("none", h(16, 20))).toEqual([11, 17]);
    });

    it("last: only the most recent missed fire time (16:00) runs on start, then 17:00", async () => {
      expect(await restart("last", h(16, 20))).toEqual([11, 16, 17]);
    });

    it("all: every missed fire time runs, oldest first", async () => {
      expect(await restart("all", h(16, 20))).toEqual([11, 12, 13, 14, 15, 16, 17]);
    });

    it("all is bounded by maxCatchUp (the most recent ones)", async () => {
      expect(await restart("all", h(16, 20), 2)).toEqual([11, 15, 16, 17]);
    });

    it("a fire time only seconds late is on time, not missed, even with none", async () => {
      expect(await restart("none", h(16, 0, 40))).toEqual([11, 16, 17]);
    });

    it("the cursor survives in the database: a restart with all after a restart with none does not re-launch skipped slots", async () => {
      expect(await restart("none", h(16, 20))).toEqual([11, 17]);
      const again = f.scheduler({ catchUp: "all" });
      again.start();
      await advanceTo(clock, [again], h(18, 30));
      expect(hours(await f.executions())).toEqual([11, 17, 18]);
    });
  },
);
