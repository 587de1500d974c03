import { literals } from "@flyte-ts/idl";
import { ResourceType } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import { WorkflowExecution_Phase as Phase } from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";
import { buildPackage } from "@flyte-ts/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualScheduler } from "../../src/notifications/scheduler.js";
import { scheduledExecutionName } from "../../src/schedules/scheduled-execution.js";
import { Scheduler } from "../../src/schedules/scheduler.js";
import { startExecutionFixture, type ExecutionFixture } from "../executions/execution-fixture.js";
import { waitForExecution } from "../executions/wait-for.js";
import { hydrate } from "../registration/snacks-package.js";
import * as entities from "./fixtures/scheduled.js";
import { advanceTo, cron, PD, scheduledSpec, WF } from "./schedule-fixture.js";

describe(
  "a scheduled execution runs on the real engine (worker pool, SQLite, file:// blobs)",
  { timeout: 90_000 },
  () => {
    let f: ExecutionFixture;
    beforeAll(async () => {
      f = await startExecutionFixture();
      const pkg = await buildPackage([{ modulePath: "test/schedules/fixtures/scheduled.ts", exports: entities }]);
      const scope = { ...PD, version: "v1" };
      for (const e of pkg.entries) {
        if (e.kind === "task") {
          const spec = hydrate(e.message, scope);
          await f.grpc.createTask({ id: spec.template?.id, spec });
        } else if (e.kind === "workflow") {
          const spec = hydrate(e.message, scope);
          await f.grpc.createWorkflow({ id: spec.template?.id, spec });
        }
      }
    });
    afterAll(async () => f.close());

    it("passes the fire time as the kickoff input and runs to SUCCEEDED", async () => {
      const id = { resourceType: ResourceType.LAUNCH_PLAN, ...PD, name: "every-minute", version: "v1" };
      await f.grpc.createLaunchPlan({ id, spec: scheduledSpec(WF, "v1", cron("* * * * *")) });
      await f.grpc.updateLaunchPlan({ id, state: 1 });
      // The activation used the real clock; the scheduler's clock starts there and is moved by hand.
      const clock = new ManualScheduler({ startMs: Date.now() });
      const errors: unknown[] = [];
      const scheduler = new Scheduler({
        db: f.database.db,
        executions: f.services.executions,
        clock,
        pollIntervalMs: 60_000,
        onError: (e) => errors.push(e),
      });
      scheduler.start();
      try {
        const slot = (Math.floor(clock.now() / 60_000) + 1) * 60_000;
        await advanceTo(clock, [scheduler], slot);
        const name = scheduledExecutionName(id, slot);
        const done = await waitForExecution(f.grpc, { ...PD, name });
        expect(Phase[done.closure?.phase ?? 0]).toBe("SUCCEEDED");
        expect(done.spec?.metadata?.mode).toBe(1);
        const data = await f.grpc.getExecutionData({ id: { ...PD, name } });
        expect(data.fullInputs?.literals.at).toEqual(literals.datetime(new Date(slot)));
        expect(data.fullOutputs?.literals.o0).toEqual(literals.string(`${new Date(slot).toISOString()} 7`));
        expect(errors).toEqual([]);
        expect(f.engineErrors).toEqual([]);
      } finally {
        await scheduler.stop();
      }
    });
  },
);
