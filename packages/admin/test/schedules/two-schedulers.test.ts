import { fork } from "node:child_process";
import { rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { create } from "@bufbuild/protobuf";
import { Project_ProjectState, ProjectSchema } from "@flyte-ts/idl/gen/flyteidl/admin/project_pb";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { ManualScheduler } from "../../src/notifications/scheduler.js";
import type { DatabaseConfig } from "../../src/persistence/database.js";
import type { CatchUpPolicy } from "../../src/schedules/plan-slots.js";
import { scheduleKey, ScheduleStore } from "../../src/schedules/schedule-store.js";
import { startPostgresCluster } from "../support/postgres-cluster.js";
import {
  advanceTo,
  cron,
  HOUR,
  openScheduleFixture,
  PD,
  scheduledTimes,
  START,
  tempDataDir,
  type ScheduleFixture,
} from "./schedule-fixture.js";

const iso = (ms: number) => new Date(ms).toISOString();
const h = (hour: number) => Date.UTC(2026, 0, 5, hour);
const CHILD = fileURLToPath(new URL("./fixtures/scheduler-process.ts", import.meta.url));
const ADMIN_ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** The other control plane: moves its own clock to the same times as the test's. */
interface Peer {
  advanceTo(t: number): Promise<{ launches: number; errors: string[] }>;
  close(): Promise<void>;
}

/** A second server process (node + tsx) on the same SQLite file, driven over IPC. */
async function childPeer(dir: string, startMs: number, policy: CatchUpPolicy): Promise<Peer> {
  const proc = fork(CHILD, [dir, String(startMs), policy], {
    cwd: ADMIN_ROOT,
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  type Reply = { ready?: true; launches?: string[]; errors?: string[]; failed?: string };
  const next = () =>
    new Promise<Reply>((resolve, reject) => {
      proc.once("message", (m) => resolve(m as Reply));
      proc.once("exit", (code) => reject(new Error(`scheduler process exited with ${String(code)}`)));
    });
  const ready = await next();
  if (!ready.ready) throw new Error(`scheduler process: ${JSON.stringify(ready)}`);
  return {
    async advanceTo(t) {
      const reply = next();
      proc.send({ advanceTo: t });
      const r = await reply;
      if (r.failed) throw new Error(`scheduler process failed: ${r.failed}`);
      return { launches: r.launches?.length ?? 0, errors: r.errors ?? [] };
    },
    async close() {
      const exited = new Promise((resolve) => proc.once("exit", resolve));
      proc.send({ stop: true });
      await exited;
    },
  };
}

/** A second control plane in this process (its own pool and managers): for PostgreSQL, whose driver is asynchronous. */
async function inProcessPeer(
  config: DatabaseConfig,
  blobsDir: string,
  startMs: number,
  policy: CatchUpPolicy,
): Promise<Peer> {
  const clock = new ManualScheduler({ startMs });
  const f: ScheduleFixture = await openScheduleFixture({ clock, database: config, blobsDir });
  const s = f.scheduler({ catchUp: policy });
  s.start();
  return {
    async advanceTo(t) {
      await advanceTo(clock, [s], t);
      return { launches: f.launches.length, errors: f.errors.map(String) };
    },
    close: () => f.close(),
  };
}

type PeerFactory = (config: DatabaseConfig, blobsDir: string, startMs: number, policy: CatchUpPolicy) => Promise<Peer>;

/** Two control planes on one database, as two server processes: every fire time is launched exactly once. */
function twoSchedulerSuite(name: string, database: () => Promise<DatabaseConfig>, peer: PeerFactory) {
  describe(
    `two schedulers on one ${name} database (engines replaced by recording launchers)`,
    { timeout: 90_000 },
    () => {
      async function open() {
        const blobsDir = tempDataDir();
        const config = await database();
        const clock = new ManualScheduler({ startMs: START });
        const a = await openScheduleFixture({ clock, database: config, blobsDir });
        await a.registerWorkflows("v1");
        await a.registerLaunchPlan("hourly", "v1", cron("0 * * * *"));
        await a.setActive("hourly", "v1", true);
        return { clock, a, config, blobsDir };
      }

      it("launches each fire time once while both run", async () => {
        const { clock, a, config, blobsDir } = await open();
        const b = await peer(config, blobsDir, clock.now(), "last");
        try {
          const sa = a.scheduler();
          sa.start();
          let other = { launches: 0, errors: [] as string[] };
          // Both move to each fire time together, so both passes at that time run at once.
          for (const t of [h(11), h(12), h(13), h(14), START + 4 * HOUR]) {
            [, other] = await Promise.all([advanceTo(clock, [sa], t), b.advanceTo(t)]);
          }
          const rows = await a.executions();
          expect(scheduledTimes(rows).map(iso)).toEqual([11, 12, 13, 14].map((x) => iso(h(x))));
          expect(new Set(rows.map((r) => r.name)).size).toBe(4);
          // Each fire time reached an engine once, from whichever scheduler created it.
          expect(a.launches.length + other.launches).toBe(4);
          expect([...a.errors.map(String), ...other.errors]).toEqual([]);
          const [view] = await sa.describe({ project: "flytesnacks", domain: "development" }, 2);
          expect(view?.lastSlot).toBe(iso(h(14)));
          expect(view?.nextRuns).toEqual([iso(h(15)), iso(h(16))]);
        } finally {
          await b.close();
          await a.close();
          rmSync(blobsDir, { recursive: true, force: true });
        }
      });

      it("the cursor only moves forward; archived projects are not scheduled", async () => {
        const { a, blobsDir } = await open();
        try {
          const store = new ScheduleStore({ db: a.database.db });
          const id = { ...PD, name: "hourly", version: "v1" };
          const state = async () => (await store.states()).get(scheduleKey(id));
          await store.advance(id, 2000, "e2", 1);
          await store.advance(id, 1000, "e1", 2);
          expect(await state()).toMatchObject({ lastSlot: 2000, lastExecution: "e2", version: "v1" });
          await store.advance(id, 3000, undefined, 3);
          expect(await state()).toMatchObject({ lastSlot: 3000, lastExecution: "e2" });
          await store.recordError(id, "boom", 0, 4);
          expect(await state()).toMatchObject({ lastSlot: 3000, lastError: "boom" });
          await store.advance(id, 4000, "e4", 5);
          expect(await state()).toMatchObject({ lastSlot: 4000, lastExecution: "e4", lastError: "" });
          expect((await store.activeScheduled()).map((lp) => lp.id)).toEqual([id]);
          expect(await store.activeScheduled({ project: PD.project, domain: "production" })).toEqual([]);
          await a.managers.projects.update(
            create(ProjectSchema, { id: PD.project, name: PD.project, state: Project_ProjectState.ARCHIVED }),
          );
          expect(await store.activeScheduled()).toEqual([]);
        } finally {
          await a.close();
          rmSync(blobsDir, { recursive: true, force: true });
        }
      });

      it("both catching up with policy all after downtime still launch each missed fire time once", async () => {
        const { clock, a, config, blobsDir } = await open();
        clock.advance(5 * HOUR);
        const b = await peer(config, blobsDir, clock.now(), "all");
        try {
          const sa = a.scheduler({ catchUp: "all" });
          sa.start();
          const t = clock.now() + 1;
          const [, other] = await Promise.all([advanceTo(clock, [sa], t), b.advanceTo(t)]);
          const rows = await a.executions();
          expect(scheduledTimes(rows).map(iso)).toEqual([11, 12, 13, 14, 15].map((x) => iso(h(x))));
          expect(a.launches.length + other.launches).toBe(5);
          expect([...a.errors.map(String), ...other.errors]).toEqual([]);
        } finally {
          await b.close();
          await a.close();
          rmSync(blobsDir, { recursive: true, force: true });
        }
      });
    },
  );
}

const dirs: string[] = [];
twoSchedulerSuite(
  "SQLite file (the second in a child process)",
  () => {
    const dir = tempDataDir();
    dirs.push(dir);
    return Promise.resolve({ dialect: "sqlite", dataDir: dir });
  },
  (config, _blobs, startMs, policy) => {
    if (config.dialect !== "sqlite") throw new Error("sqlite only");
    return childPeer(config.dataDir, startMs, policy);
  },
);
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const started = await startPostgresCluster();
if (!started.ok) {
  console.warn(`[schedules] PostgreSQL leg SKIPPED: ${started.reason}`);
  describe("two schedulers on one PostgreSQL database", () => {
    it.skip(`skipped: PostgreSQL could not be started (${started.reason.split("\n")[0] ?? ""})`, () => {});
  });
} else {
  const { cluster } = started;
  const admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  let n = 0;
  twoSchedulerSuite(
    "PostgreSQL",
    async () => {
      const name = `schedules_${++n}`;
      await admin.query(`create database ${name}`);
      return { dialect: "postgres", url: cluster.urlFor(name) };
    },
    inProcessPeer,
  );
  afterAll(async () => {
    await admin.end();
    cluster.stop();
  });
}
