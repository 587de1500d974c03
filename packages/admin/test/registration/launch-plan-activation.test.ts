import { Code } from "@connectrpc/connect";
import { LaunchPlanState } from "@flyte-ts/idl/gen/flyteidl/admin/launch_plan_pb";
import { ResourceType } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAdmin, type AdminFixture } from "./admin-fixture.js";
import { errorOf } from "./rpc-errors.js";
import { readSnacks, register } from "./snacks-package.js";

const PD = { project: "flytesnacks", domain: "development" };
const NAME = "default_4_lp";
const lpId = (version: string) => ({ resourceType: ResourceType.LAUNCH_PLAN, ...PD, name: NAME, version });

describe("launch plan activation: one ACTIVE version per name", () => {
  let admin: AdminFixture;
  beforeAll(async () => {
    admin = await startAdmin();
    for (const version of ["v1", "v2", "v3"]) {
      for (const e of readSnacks({ ...PD, version }).filter(
        (x) => x.file.includes(".lp.") || x.file.includes("default_4_lp"),
      )) {
        await register(admin.connect, e);
      }
    }
  });
  afterAll(async () => admin.close());

  const stateOf = async (version: string) => (await admin.connect.getLaunchPlan({ id: lpId(version) })).closure?.state;

  it("creates launch plans INACTIVE, with no active version", async () => {
    expect(await stateOf("v1")).toBe(LaunchPlanState.INACTIVE);
    const err = await errorOf(admin.connect.getActiveLaunchPlan({ id: { ...PD, name: NAME } }));
    expect(err.code).toBe(Code.NotFound);
  });

  it("activating a version deactivates the previously active one", async () => {
    await admin.connect.updateLaunchPlan({ id: lpId("v1"), state: LaunchPlanState.ACTIVE });
    expect((await admin.connect.getActiveLaunchPlan({ id: { ...PD, name: NAME } })).id?.version).toBe("v1");
    await admin.grpc.updateLaunchPlan({ id: lpId("v2"), state: LaunchPlanState.ACTIVE });
    expect(await stateOf("v1")).toBe(LaunchPlanState.INACTIVE);
    expect(await stateOf("v2")).toBe(LaunchPlanState.ACTIVE);
    const active = await admin.connect.listActiveLaunchPlans({ ...PD, limit: 100 });
    expect(active.launchPlans.filter((lp) => lp.id?.name === NAME).map((lp) => lp.id?.version)).toEqual(["v2"]);
    // Re-activating the active version changes nothing.
    await admin.connect.updateLaunchPlan({ id: lpId("v2"), state: LaunchPlanState.ACTIVE });
    expect(await stateOf("v2")).toBe(LaunchPlanState.ACTIVE);
  });

  it("concurrent activations leave exactly one active version", async () => {
    await Promise.all(
      ["v1", "v2", "v3", "v1", "v3", "v2"].map((v) =>
        admin.connect.updateLaunchPlan({ id: lpId(v), state: LaunchPlanState.ACTIVE }),
      ),
    );
    const states = await Promise.all(["v1", "v2", "v3"].map(stateOf));
    expect(states.filter((s) => s === LaunchPlanState.ACTIVE)).toHaveLength(1);
  });

  it("deactivating leaves no active version; REST PUT works too", async () => {
    const active = await admin.connect.getActiveLaunchPlan({ id: { ...PD, name: NAME } });
    const version = active.id?.version ?? "";
    const res = await fetch(`${admin.server.url}/api/v1/launch_plans/${PD.project}/${PD.domain}/${NAME}/${version}`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ state: "INACTIVE" }),
    });
    expect(res.status).toBe(200);
    expect(await stateOf(version)).toBe(LaunchPlanState.INACTIVE);
    const err = await errorOf(admin.connect.getActiveLaunchPlan({ id: { ...PD, name: NAME } }));
    expect(err.code).toBe(Code.NotFound);
  });

  it("rejects unknown states, versions and incomplete ids", async () => {
    const bad = await errorOf(admin.connect.updateLaunchPlan({ id: lpId("v1"), state: 7 as LaunchPlanState }));
    expect(bad.code).toBe(Code.InvalidArgument);
    expect(bad.rawMessage).toMatch(/state has unknown value 7/);
    const missing = await errorOf(admin.connect.updateLaunchPlan({ id: lpId("v404"), state: LaunchPlanState.ACTIVE }));
    expect(missing.code).toBe(Code.NotFound);
    const partial = await errorOf(
      admin.connect.updateLaunchPlan({ id: { ...lpId("v1"), version: "" }, state: LaunchPlanState.ACTIVE }),
    );
    expect(partial.code).toBe(Code.InvalidArgument);
    expect(partial.rawMessage).toMatch(/id.version is required/);
    const wrongType = await errorOf(
      admin.connect.updateLaunchPlan({
        id: { ...lpId("v1"), resourceType: ResourceType.TASK },
        state: LaunchPlanState.ACTIVE,
      }),
    );
    expect(wrongType.rawMessage).toMatch(/id.resource_type is TASK, expected LAUNCH_PLAN/);
    expect(admin.internalErrors).toEqual([]);
  });
});
