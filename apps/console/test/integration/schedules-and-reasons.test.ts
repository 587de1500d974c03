import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-web";
import { literalMap, literals } from "@flyte-ts/idl";
import { LaunchPlanState } from "@flyte-ts/idl/gen/flyteidl/admin/launch_plan_pb";
import { TaskExecution_Phase, WorkflowExecution_Phase as Phase } from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";
import { ResourceType } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import { AdminService } from "@flyte-ts/idl/gen/flyteidl/service/admin_pb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../../server/src/index.js";
import { grpcClient, PD, waitFor, WF } from "../../../server/test/server-fixture.js";
import { registerNightly, startOneSlotServer } from "./one-slot-server.js";
import { fetchSchedules, scheduleOf } from "../../src/api/schedules.js";
import { TOP, ExecutionStore } from "../../src/execution/execution-store.js";
import { waitingFor } from "../../src/execution/waiting.js";
import { notificationLine, notificationRows } from "../../src/format/notifications.js";
import { viewWords } from "../../src/format/schedule.js";

describe("the console's data layer: schedules and waiting reasons against flyte start", { timeout: 90_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), "flyte-console-sched-"));
  let server: RunningServer;
  beforeAll(async () => {
    server = await startOneSlotServer(dir);
    await registerNightly(server, "v1");
    await registerNightly(server, "v2");
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("reads the active version's schedule: next runs in words, none for an inactive plan", async () => {
    const admin = grpcClient(server.url);
    const id = (version: string) => ({ resourceType: ResourceType.LAUNCH_PLAN, ...PD, name: "nightly_quad", version });
    const before = await fetchSchedules({ baseUrl: server.url, ...PD });
    expect(before.status).toBe("running");
    expect(scheduleOf(before, "nightly_quad")).toBeUndefined();

    await admin.updateLaunchPlan({ id: id("v2"), state: LaunchPlanState.ACTIVE });
    const state = await fetchSchedules({ baseUrl: server.url, ...PD, count: 3 });
    const view = scheduleOf(state, "nightly_quad", "v2");
    expect(view, JSON.stringify(state)).toBeDefined();
    expect(scheduleOf(state, "nightly_quad", "v1")).toBeUndefined();
    expect(view?.type).toBe("cron");
    expect(viewWords(view?.type ?? "", view?.expression ?? "")).toBe("every day at 02:00 UTC");
    expect(view?.nextRuns).toHaveLength(3);
    const runs = (view?.nextRuns ?? []).map((r) => new Date(r));
    for (const r of runs) expect([r.getUTCHours(), r.getUTCMinutes()]).toEqual([2, 0]);
    expect((runs[1]?.getTime() ?? 0) - (runs[0]?.getTime() ?? 0)).toBe(86_400_000);
    expect((runs[0]?.getTime() ?? 0) > Date.now()).toBe(true);
    expect(view?.lastSlot).toBeNull();

    const lp = await admin.getLaunchPlan({ id: id("v2") });
    expect(notificationRows(lp.spec?.entityMetadata?.notifications).map(notificationLine)).toEqual([
      "failed → Email oncall@example.com",
      "succeeded, aborted → Slack #pipelines",
    ]);

    // The server answers 400 for a bad count; the console reports the server's message.
    await expect(fetchSchedules({ baseUrl: server.url, ...PD, count: 0 })).rejects.toThrow(/count must be an integer/);
  });

  it("a node whose attempt waits for the one task slot is reported waiting, with the reason, until it runs", async () => {
    const admin = grpcClient(server.url);
    const napPlan = { resourceType: ResourceType.LAUNCH_PLAN, ...PD, name: `${WF}.napThenDouble`, version: "v1" };
    const launch = (name: string, ms: number) =>
      admin.createExecution({
        ...PD,
        name,
        spec: { launchPlan: napPlan },
        inputs: literalMap({ ms: literals.integer(ms) }),
      });
    await launch("holder", 3000);
    await waitFor(admin, "holder", (e) => e.closure?.phase === Phase.RUNNING);
    await launch("waiter", 50);

    const store = new ExecutionStore({
      client: createClient(AdminService, createConnectTransport({ baseUrl: server.url, useBinaryFormat: true })),
      id: { $typeName: "flyteidl.core.WorkflowExecutionIdentifier", ...PD, name: "waiter", org: "" },
      onChange: () => undefined,
    });
    const seen: (string | undefined)[] = [];
    for (let round = 0; round < 400; round++) {
      const more = await store.poll();
      seen.push(waitingFor(store.taskExecutions.get("n0")));
      if (!more) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(store.execution?.closure?.phase).toBe(Phase.SUCCEEDED);
    const reasons = seen.filter((s) => s !== undefined);
    expect(reasons.length, `waiting seen in ${reasons.length} of ${seen.length} rounds`).toBeGreaterThan(0);
    expect(reasons[0]).toMatch(/^all 1 task slots are in use/);
    // Once it ran, the node no longer waits, though its attempt keeps the reason it waited with.
    expect(seen.at(-1)).toBeUndefined();
    // Attempts are read after the rows, without holding up a poll: give the last read a moment.
    const lastPhase = () => (store.taskExecutions.get("n0") ?? []).at(-1)?.closure?.phase;
    for (let i = 0; i < 100 && lastPhase() !== TaskExecution_Phase.SUCCEEDED; i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(lastPhase()).toBe(TaskExecution_Phase.SUCCEEDED);
    expect(store.lists.get(TOP)?.some((n) => n.id?.nodeId === "n0")).toBe(true);
  });
});
