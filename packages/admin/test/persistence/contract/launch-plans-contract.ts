import { LaunchPlanState } from "@flyte-ts/idl/gen/flyteidl/admin/launch_plan_pb";
import { describe, expect, it } from "vitest";
import { useFreshDatabase, type ContractTarget } from "./context.js";
import { id, launchPlan, rejectsWithCode, T0 } from "./fixtures.js";

const { ACTIVE, INACTIVE } = LaunchPlanState;

export function launchPlansContract(target: ContractTarget): void {
  describe("launch plan activation", () => {
    const ctx = useFreshDatabase(target);
    const v1 = id("lp", "v1");
    const v2 = id("lp", "v2");
    const other = id("lp.other", "v1");

    async function seed(): Promise<void> {
      for (const [i, lpId] of [v1, v2, other].entries()) {
        await ctx.repos.launchPlans.create(launchPlan({ id: lpId, createdAt: T0 + i, updatedAt: T0 + i }));
      }
    }
    const activeVersions = async () =>
      (await ctx.repos.launchPlans.list({ project: "flytesnacks", domain: "development", name: "lp" }, {})).items
        .filter((x) => x.state === (ACTIVE as number))
        .map((x) => x.id.version);

    it("launch plans are created inactive and have no active version", async () => {
      await seed();
      expect((await ctx.repos.launchPlans.get(v1)).state).toBe(INACTIVE);
      await rejectsWithCode(ctx.repos.launchPlans.getActive(v1), "ActiveLaunchPlanNotFound");
    });

    it("activating a version deactivates the previously active one of the same name only", async () => {
      await seed();
      expect(await ctx.repos.launchPlans.setState(other, ACTIVE, T0 + 10)).toEqual({
        activated: [other],
        deactivated: [],
      });
      expect(await ctx.repos.launchPlans.setState(v1, ACTIVE, T0 + 11)).toEqual({ activated: [v1], deactivated: [] });
      expect((await ctx.repos.launchPlans.getActive(v1)).id).toEqual(v1);
      expect(await ctx.repos.launchPlans.setState(v2, ACTIVE, T0 + 12)).toEqual({ activated: [v2], deactivated: [v1] });
      expect(await activeVersions()).toEqual(["v2"]);
      const stored = await ctx.repos.launchPlans.get(v1);
      expect(stored).toMatchObject({ state: INACTIVE, updatedAt: T0 + 12 });
      expect((await ctx.repos.launchPlans.getActive(other)).id).toEqual(other);
    });

    it("activating the active version again changes nothing", async () => {
      await seed();
      await ctx.repos.launchPlans.setState(v1, ACTIVE, T0 + 10);
      expect(await ctx.repos.launchPlans.setState(v1, ACTIVE, T0 + 20)).toEqual({ activated: [], deactivated: [] });
      expect((await ctx.repos.launchPlans.get(v1)).updatedAt).toBe(T0 + 10);
    });

    it("deactivating leaves the name without an active version", async () => {
      await seed();
      await ctx.repos.launchPlans.setState(v2, ACTIVE, T0 + 10);
      expect(await ctx.repos.launchPlans.setState(v2, INACTIVE, T0 + 11)).toEqual({ activated: [], deactivated: [v2] });
      expect(await ctx.repos.launchPlans.setState(v2, INACTIVE, T0 + 12)).toEqual({ activated: [], deactivated: [] });
      await rejectsWithCode(ctx.repos.launchPlans.getActive(v2), "ActiveLaunchPlanNotFound");
      await rejectsWithCode(ctx.repos.launchPlans.setState(id("lp", "v404"), ACTIVE, T0), "LaunchPlanNotFound");
    });

    it("the schema itself refuses a second active version of one name", async () => {
      await seed();
      await ctx.repos.launchPlans.setState(v1, ACTIVE, T0);
      const write = ctx.database.db
        .updateTable("launch_plans")
        .set({ state: ACTIVE })
        .where("name", "=", v2.name)
        .where("version", "=", v2.version)
        .execute();
      await expect(write).rejects.toThrow(/unique/i);
      await ctx.database.db.updateTable("launch_plans").set({ state: ACTIVE }).where("name", "=", other.name).execute();
    });

    it("listActive returns the one active version per name in the project/domain, filterable", async () => {
      await seed();
      await ctx.repos.launchPlans.create(launchPlan({ id: id("lp", "v1", "flytesnacks", "production") }));
      await ctx.repos.launchPlans.setState(id("lp", "v1", "flytesnacks", "production"), ACTIVE, T0);
      await ctx.repos.launchPlans.setState(v1, ACTIVE, T0);
      await ctx.repos.launchPlans.setState(v2, ACTIVE, T0);
      await ctx.repos.launchPlans.setState(other, ACTIVE, T0);
      const scope = { project: "flytesnacks", domain: "development" };
      const page = await ctx.repos.launchPlans.listActive(scope, { sortBy: { key: "name", direction: "ASCENDING" } });
      expect(page.items.map((x) => `${x.id.name}@${x.id.version}`)).toEqual(["lp@v2", "lp.other@v1"]);
      const filtered = await ctx.repos.launchPlans.listActive(scope, { filters: "eq(launch_plan.name,lp)" });
      expect(filtered.items.map((x) => x.id)).toEqual([v2]);
    });

    it("round-trips the schedule and workflow columns and filters on workflow.name", async () => {
      const lp = launchPlan({
        id: id("sched", "v1"),
        workflowId: id("wf.target", "w7"),
        scheduleType: "cron",
        scheduleExpression: "0 * * * *",
        kickoffTimeInputArg: "kickoff",
      });
      await ctx.repos.launchPlans.create(lp);
      expect(await ctx.repos.launchPlans.get(lp.id)).toEqual(lp);
      const scope = { project: "flytesnacks", domain: "development" };
      const page = await ctx.repos.launchPlans.list(scope, {
        filters: "eq(workflow.name,wf.target)+eq(schedule_type,cron)",
      });
      expect(page.items.map((x) => x.id)).toEqual([lp.id]);
    });
  });
}
