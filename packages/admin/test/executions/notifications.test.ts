import { literals, literalMap } from "@flyte-ts/idl";
import { ResourceType } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import { WorkflowExecution_Phase as Phase } from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NotificationRequest } from "../../src/notifications/plan-notifications.js";
import { PD, registerFixtures, startExecutionFixture, type ExecutionFixture } from "./execution-fixture.js";
import { waitForExecution } from "./wait-for.js";

describe("workflow phases applied from the engine's events reach the notifier", () => {
  const seen: NotificationRequest[] = [];
  let f: ExecutionFixture;
  beforeAll(async () => {
    f = await startExecutionFixture({ notifier: { onWorkflowPhase: (r) => seen.push(r) } });
    await registerFixtures(f.connect, "v1");
  });
  afterAll(async () => f.close());

  it("with the launch plan's notifications and the execution's summary", async () => {
    const id = { ...PD, name: "notify-one" };
    await f.grpc.createExecution({
      ...PD,
      name: id.name,
      spec: { launchPlan: { resourceType: ResourceType.LAUNCH_PLAN, ...PD, name: "sum_notifying", version: "v1" } },
      inputs: literalMap({ a: literals.integer(1) }),
    });
    await waitForExecution(f.grpc, id);
    const deadline = Date.now() + 5_000;
    while (!seen.some((r) => r.summary.phase === Phase.SUCCEEDED) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(f.engineErrors).toEqual([]);
    const phases = seen.filter((r) => r.summary.name === id.name).map((r) => Phase[r.summary.phase]);
    expect(phases).toContain("RUNNING");
    expect(phases.at(-1)).toBe("SUCCEEDED");
    const last = seen.at(-1);
    expect(last?.summary.launchPlan?.name).toBe("sum_notifying");
    expect(last?.launchPlanNotifications[0]?.type.case).toBe("email");
  });
});
