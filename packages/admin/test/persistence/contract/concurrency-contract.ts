import { LaunchPlanState } from "@flyte-ts/idl/gen/flyteidl/admin/launch_plan_pb";
import { describe, expect, it } from "vitest";
import { useFreshDatabase, type ContractTarget } from "./context.js";
import { execId, execution, id, launchPlan, T0, task } from "./fixtures.js";

const ROUNDS = 8;

/**
 * Writers racing on one row. On PostgreSQL the calls run on separate pooled connections at once;
 * SQLite serializes them on its one connection. The outcome must be the same.
 */
export function concurrencyContract(target: ContractTarget): void {
  describe("concurrent writers", () => {
    const ctx = useFreshDatabase(target);

    it("activating different versions at once leaves exactly one active version", async () => {
      const lp = ctx.repos.launchPlans;
      for (let round = 0; round < ROUNDS; round++) {
        const name = `lp.race${round}`;
        const versions = ["v1", "v2", "v3", "v4"];
        for (const v of versions) await lp.create(launchPlan({ id: id(name, v) }));
        await Promise.all(versions.map((v) => lp.setState(id(name, v), LaunchPlanState.ACTIVE, T0 + round)));
        const all = await lp.list({ project: "flytesnacks", domain: "development", name }, {});
        const active = all.items.filter((x) => x.state === (LaunchPlanState.ACTIVE as number));
        expect(active).toHaveLength(1);
        expect((await lp.getActive(id(name))).id).toEqual(active[0]?.id);
      }
    });

    it("owners racing for a free reservation all see the same single winner", async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const key = { datasetId: { project: "p", name: "ds", domain: "d", version: "1" }, tagName: `tag${round}` };
        const owners = ["o1", "o2", "o3", "o4"];
        const results = await Promise.all(
          owners.map((ownerId) => ctx.repos.reservations.getOrExtend({ key, ownerId, now: T0, ttlMs: 60_000 })),
        );
        const winners = new Set(results.map((r) => r.ownerId));
        expect(winners.size).toBe(1);
      }
    });

    it("identical registrations at once: one creates, the others see it exists", async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const t = task({ id: id(`race.t${round}`) });
        const results = await Promise.all([1, 2, 3, 4].map(() => ctx.repos.tasks.create(t)));
        expect(results.filter((r) => r.created)).toHaveLength(1);
      }
    });

    it("phase compare-and-set: exactly one of the racing writers wins", async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const e = execId(`race${round}`);
        await ctx.repos.executions.create(execution({ id: e, phase: "RUNNING" }));
        const won = await Promise.all(
          ["SUCCEEDED", "FAILED", "ABORTED", "TIMED_OUT"].map((phase) =>
            ctx.repos.executions.update(e, { phase, updatedAt: T0 + 1 }, "RUNNING"),
          ),
        );
        expect(won.filter(Boolean)).toHaveLength(1);
      }
    });
  });
}
