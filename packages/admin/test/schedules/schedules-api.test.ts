import { rmSync } from "node:fs";
import { Code, createClient, type Client } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { LaunchPlanSpecSchema } from "@flyte-ts/idl/gen/flyteidl/admin/launch_plan_pb";
import { FixedRateUnit, type ScheduleSchema } from "@flyte-ts/idl/gen/flyteidl/admin/schedule_pb";
import { ResourceType } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import { AdminService } from "@flyte-ts/idl/gen/flyteidl/service/admin_pb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAdminServices } from "../../src/index.js";
import { ManualScheduler } from "../../src/notifications/scheduler.js";
import { createSchedulesHandler } from "../../src/schedules/schedules-handler.js";
import type { Scheduler } from "../../src/schedules/scheduler.js";
import type { ScheduleView } from "../../src/schedules/schedule-view.js";
import { startRpcServer, type RpcServer } from "../../src/transport/server.js";
import { errorOf } from "../registration/rpc-errors.js";
import {
  advanceTo,
  cron,
  openScheduleFixture,
  PD,
  scheduledSpec,
  START,
  tempDataDir,
  WF,
  type ScheduleFixture,
} from "./schedule-fixture.js";

const lpId = (name: string) => ({ resourceType: ResourceType.LAUNCH_PLAN, ...PD, name, version: "v1" });
const iso = (ms: number) => new Date(ms).toISOString();

describe("schedules through the API (real SQLite file, loopback server)", { timeout: 60_000 }, () => {
  let dir: string;
  let clock: ManualScheduler;
  let f: ScheduleFixture;
  let server: RpcServer;
  let client: Client<typeof AdminService>;
  let scheduler: Scheduler;
  beforeAll(async () => {
    dir = tempDataDir();
    clock = new ManualScheduler({ startMs: START });
    f = await openScheduleFixture({ clock, database: { dialect: "sqlite", dataDir: dir }, blobsDir: dir });
    await f.registerWorkflows("v1");
    scheduler = f.scheduler();
    const services = await createAdminServices({
      repositories: f.repositories,
      managers: f.managers,
      extraAdminRpcs: f.services.impl,
    });
    server = await startRpcServer({
      host: "127.0.0.1",
      port: 0,
      services,
      extraHandlers: [createSchedulesHandler({ scheduler })],
    });
    client = createClient(
      AdminService,
      createConnectTransport({ baseUrl: server.url, httpVersion: "1.1", useBinaryFormat: false }),
    );
  });
  afterAll(async () => {
    await server.close();
    await f.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const register = (name: string, schedule: MessageInitShape<typeof ScheduleSchema>, workflow = WF) =>
    client.createLaunchPlan({ id: lpId(name), spec: scheduledSpec(workflow, "v1", schedule) });

  async function rejected(name: string, schedule: MessageInitShape<typeof ScheduleSchema>, workflow = WF) {
    const err = await errorOf(register(name, schedule, workflow));
    expect(err.code).toBe(Code.InvalidArgument);
    // Nothing was stored.
    expect((await errorOf(client.getLaunchPlan({ id: lpId(name) }))).code).toBe(Code.NotFound);
    return err.rawMessage;
  }

  it("registration rejects a bad cron with INVALID_ARGUMENT naming the field and what is wrong", async () => {
    expect(await rejected("bad-minute", cron("61 * * * *"))).toMatch(
      /\[InvalidSchedule\] invalid cron schedule "61 \* \* \* \*": minute value 61 is outside 0-59/,
    );
    expect(await rejected("four-fields", cron("0 * * *"))).toMatch(/expected 5 fields/);
    expect(await rejected("never", cron("0 0 30 2 *"))).toMatch(/"0 0 30 2 \*" never fires/);
    expect(
      await rejected("offset", {
        ScheduleExpression: { case: "cronSchedule", value: { schedule: "@daily", offset: "30 minutes" } },
      }),
    ).toMatch(/cron_schedule\.offset "30 minutes" is not an ISO 8601 duration/);
    expect(
      await rejected("zero-rate", {
        ScheduleExpression: { case: "rate", value: { value: 0, unit: FixedRateUnit.HOUR } },
      }),
    ).toMatch(/InvalidSchedule/);
  });

  it("registration rejects required inputs other than the kickoff input, naming them, and a non-datetime kickoff input", async () => {
    // Without a kickoff input, `at` is required and has no default.
    expect(await rejected("needs-at", cron("@hourly", ""))).toMatch(/\[ScheduleRequiresInput\].*'at' has no default/);
    const spec = create(LaunchPlanSpecSchema, scheduledSpec(WF, "v1", cron("@hourly")));
    spec.defaultInputs = undefined;
    const err = await errorOf(client.createLaunchPlan({ id: lpId("needs-n"), spec }));
    expect(err.code).toBe(Code.InvalidArgument);
    expect(err.rawMessage).toMatch(/'n' has no default/);
    expect(err.rawMessage).not.toMatch(/'at'/);
    const counts = "test.schedules.fixtures.scheduled.counts";
    expect(await rejected("string-kickoff", cron("@hourly", "when"), counts)).toMatch(
      /kickoff-time input 'when' must be a DATETIME/,
    );
    expect(await rejected("unknown-kickoff", cron("@hourly", "nope"))).toMatch(/'nope' is not an input/);
  });

  it("GET /api/v1/schedules/{project}/{domain} lists active schedules with next run times and the last launch", async () => {
    await register("hourly", cron("0 * * * *"));
    await register("every20", {
      ScheduleExpression: { case: "rate", value: { value: 20, unit: FixedRateUnit.MINUTE } },
      kickoffTimeInputArg: "at",
    });
    await register("inactive", cron("@daily"));
    await client.updateLaunchPlan({ id: lpId("hourly"), state: 1 });
    await client.updateLaunchPlan({ id: lpId("every20"), state: 1 });
    const get = async (query = "") => {
      const res = await fetch(`${server.url}/api/v1/schedules/${PD.project}/${PD.domain}${query}`);
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const first = await get("?count=3");
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ ...PD, schedulerRunning: false, catchUp: "last", maxCatchUp: 100 });
    const views = first.body.schedules as ScheduleView[];
    expect(views.map((v) => v.launchPlan.name)).toEqual(["every20", "hourly"]);
    expect(views[1]).toEqual({
      launchPlan: { ...PD, name: "hourly", version: "v1" },
      type: "cron",
      expression: "0 * * * *",
      kickoffTimeInputArg: "at",
      activatedAt: iso(START),
      nextRuns: [11, 12, 13].map((x) => iso(Date.UTC(2026, 0, 5, x))),
      lastSlot: null,
      lastExecution: null,
      lastError: null,
      catchUp: "last",
    });
    expect(views[0]).toMatchObject({
      type: "rate",
      expression: "20 MINUTE",
      kickoffTimeInputArg: "at",
      nextRuns: [1, 2, 3].map((k) => iso(START + k * 20 * 60_000)),
    });
    scheduler.start();
    await advanceTo(clock, [scheduler], Date.UTC(2026, 0, 5, 11, 5));
    const after = (await get()).body;
    expect(after.schedulerRunning).toBe(true);
    const hourly = (after.schedules as ScheduleView[])[1];
    expect(hourly?.lastSlot).toBe(iso(Date.UTC(2026, 0, 5, 11)));
    expect(hourly?.lastExecution).toMatch(/^f[0-9a-f]{19}$/);
    expect(hourly?.nextRuns).toHaveLength(5);
    expect(hourly?.nextRuns[0]).toBe(iso(Date.UTC(2026, 0, 5, 12)));
    // The launched execution is visible through the execution API, mode SCHEDULED.
    const ex = await client.getExecution({ id: { ...PD, name: hourly?.lastExecution ?? "" } });
    expect(ex.spec?.metadata?.mode).toBe(1);
    expect(iso(Number(ex.spec?.metadata?.scheduledAt?.seconds ?? 0n) * 1000)).toBe(hourly?.lastSlot);
  });

  it("answers bad requests with 400/405 JSON and an empty list for a scope without schedules", async () => {
    for (const q of ["?count=0", "?count=abc", "?count=101"]) {
      const res = await fetch(`${server.url}/api/v1/schedules/${PD.project}/${PD.domain}${q}`);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: string }).error).toMatch(/count must be an integer from 1 to 100/);
    }
    const post = await fetch(`${server.url}/api/v1/schedules/${PD.project}/${PD.domain}`, { method: "POST" });
    expect(post.status).toBe(405);
    const other = await fetch(`${server.url}/api/v1/schedules/${PD.project}/production`);
    expect(other.status).toBe(200);
    expect(((await other.json()) as { schedules: unknown[] }).schedules).toEqual([]);
  });
});
