import { ExecutionState } from "@flyte-ts/idl/gen/flyteidl/admin/execution_pb";
import { describe, expect, it } from "vitest";
import type { ExecutionModel } from "../../../src/persistence/repositories/execution-rows.js";
import { useFreshDatabase, type ContractTarget } from "./context.js";
import { bytes, execId, execution, id, rejectsWithCode, T0 } from "./fixtures.js";

const scope = { project: "flytesnacks", domain: "development" };
const names = (items: readonly ExecutionModel[]) => items.map((e) => e.id.name);

export function executionsContract(target: ContractTarget): void {
  describe("executions", () => {
    const ctx = useFreshDatabase(target);

    it("create then get returns every column, parent, reference and tags included", async () => {
      const full = execution({
        id: execId("child1"),
        phase: "QUEUED",
        taskName: "core.basic.t",
        mode: 4,
        parentNodeExecution: { executionId: execId("parent1"), nodeId: "n3" },
        referenceExecution: execId("old1"),
        cluster: "c1",
        startedAt: T0 + 1,
        durationMs: 5_000_000_000,
        errorKind: "USER",
        errorCode: "Oops",
        tags: ["b", "a", "b"],
      });
      await ctx.repos.executions.create(full);
      expect(await ctx.repos.executions.get(full.id)).toEqual({ ...full, tags: ["a", "b"] });
      const plain = execution({ id: execId("plain") });
      await ctx.repos.executions.create(plain);
      expect(await ctx.repos.executions.get(plain.id)).toEqual(plain);
    });

    it("concurrent creates (committed together) are each answered on their own", async () => {
      const bad = execution({ id: execId("bad"), phase: null as unknown as string });
      const results = await Promise.allSettled([
        ctx.repos.executions.create(execution({ id: execId("g1"), tags: ["x"] })),
        ctx.repos.executions.create(execution({ id: execId("g2") })),
        ctx.repos.executions.create(execution({ id: execId("g1"), principal: "bob" })),
        ctx.repos.executions.create(bad),
        ctx.repos.executions.create(execution({ id: execId("g3"), tags: ["y", "z"] })),
      ]);
      expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "rejected", "rejected", "fulfilled"]);
      const dup = results[2] as PromiseRejectedResult;
      expect((dup.reason as { code?: string }).code).toBe("ExecutionAlreadyExists");
      expect((await ctx.repos.executions.get(execId("g1"))).principal).toBe("alice");
      expect((await ctx.repos.executions.get(execId("g1"))).tags).toEqual(["x"]);
      expect((await ctx.repos.executions.get(execId("g3"))).tags).toEqual(["y", "z"]);
      await rejectsWithCode(ctx.repos.executions.get(execId("bad")), "ExecutionNotFound");
      const all = await ctx.repos.executions.list(scope, { sortBy: { key: "name", direction: "ASCENDING" } });
      expect(names(all.items)).toEqual(["g1", "g2", "g3"]);
    });

    it("names are unique per project/domain; a missing one is NotFound", async () => {
      await ctx.repos.executions.create(execution());
      await rejectsWithCode(ctx.repos.executions.create(execution({ principal: "bob" })), "ExecutionAlreadyExists");
      await ctx.repos.executions.create(execution({ id: execId("a1", "flytesnacks", "production") }));
      await rejectsWithCode(ctx.repos.executions.get(execId("zzz")), "ExecutionNotFound");
    });

    it("a failed create leaves no tags behind", async () => {
      await ctx.repos.executions.create(execution({ tags: ["keep"] }));
      await rejectsWithCode(ctx.repos.executions.create(execution({ tags: ["new"] })), "ExecutionAlreadyExists");
      expect((await ctx.repos.executions.get(execId("a1"))).tags).toEqual(["keep"]);
    });

    it("materializes phase and timestamps from updates, compare-and-set on the phase", async () => {
      const e = ctx.repos.executions;
      await e.create(execution());
      expect(await e.update(execId("a1"), { phase: "QUEUED", cluster: "c1", updatedAt: T0 + 1 }, "UNDEFINED")).toBe(
        true,
      );
      expect(await e.update(execId("a1"), { phase: "RUNNING", startedAt: T0 + 2, updatedAt: T0 + 2 }, "QUEUED")).toBe(
        true,
      );
      // A writer that read a stale phase loses.
      expect(await e.update(execId("a1"), { phase: "FAILED", updatedAt: T0 + 3 }, "QUEUED")).toBe(false);
      const closure = bytes(7, 7);
      expect(
        await e.update(
          execId("a1"),
          { phase: "SUCCEEDED", durationMs: 1000, updatedAt: T0 + 1002, closure },
          "RUNNING",
        ),
      ).toBe(true);
      expect(await e.get(execId("a1"))).toMatchObject({
        phase: "SUCCEEDED",
        cluster: "c1",
        startedAt: T0 + 2,
        durationMs: 1000,
        createdAt: T0,
        updatedAt: T0 + 1002,
        closure,
      });
      await rejectsWithCode(e.update(execId("nope"), { phase: "RUNNING" }), "ExecutionNotFound");
      await rejectsWithCode(e.update(execId("nope"), { phase: "RUNNING" }, "QUEUED"), "ExecutionNotFound");
      expect(await e.update(execId("a1"), {}, "SUCCEEDED")).toBe(true);
      expect(await e.update(execId("a1"), {}, "RUNNING")).toBe(false);
    });

    it("list is newest first, hides archived executions unless state is filtered", async () => {
      const e = ctx.repos.executions;
      for (let i = 0; i < 4; i++) await e.create(execution({ id: execId(`e${i}`), createdAt: T0 + i }));
      await e.create(execution({ id: execId("other"), createdAt: T0 + 9 }));
      await e.create(execution({ id: execId("elsewhere", "flytesnacks", "production"), createdAt: T0 + 10 }));
      await e.update(execId("other"), { state: ExecutionState.EXECUTION_ARCHIVED });
      expect(names((await e.list(scope, {})).items)).toEqual(["e3", "e2", "e1", "e0"]);
      expect(names((await e.list(scope, { filters: "eq(state,EXECUTION_ARCHIVED)" })).items)).toEqual(["other"]);
      const both = await e.list(scope, { filters: "value_in(execution.state,0;1)" });
      expect(names(both.items)).toEqual(["other", "e3", "e2", "e1", "e0"]);
    });

    it("list filters on phase, time, launch plan, workflow, mode and principal", async () => {
      const e = ctx.repos.executions;
      const rows: [string, string, string, string, number][] = [
        ["x0", "SUCCEEDED", "lp.a", "wf.a", 0],
        ["x1", "FAILED", "lp.a", "wf.a", 1],
        ["x2", "SUCCEEDED", "lp.b", "wf.b", 0],
        ["x3", "RUNNING", "lp.b", "wf.a", 0],
      ];
      for (const [i, [name, phase, lp, wf, mode]] of rows.entries()) {
        await e.create(
          execution({
            id: execId(name),
            phase,
            launchPlanId: id(lp),
            workflowId: id(wf),
            mode,
            principal: i % 2 === 0 ? "alice" : "bob",
            createdAt: T0 + i * 1000,
          }),
        );
      }
      const q = async (filters: string) => names((await e.list(scope, { filters })).items);
      expect(await q("eq(phase,SUCCEEDED)")).toEqual(["x2", "x0"]);
      expect(await q("eq(execution.phase,succeeded)")).toEqual(["x2", "x0"]);
      expect(await q("value_in(phase,FAILED;RUNNING)")).toEqual(["x3", "x1"]);
      expect(await q("value_not_in(phase,FAILED;RUNNING)")).toEqual(["x2", "x0"]);
      expect(await q("ne(phase,SUCCEEDED)")).toEqual(["x3", "x1"]);
      expect(await q(`gte(created_at,${new Date(T0 + 1000).toISOString()})+lt(created_at,${T0 + 3000})`)).toEqual([
        "x2",
        "x1",
      ]);
      expect(await q("eq(launch_plan.name,lp.b)")).toEqual(["x3", "x2"]);
      expect(await q("eq(workflow.name,wf.a)+eq(phase,SUCCEEDED)")).toEqual(["x0"]);
      expect(await q("eq(mode,SCHEDULED)")).toEqual(["x1"]);
      expect(await q("eq(user,bob)")).toEqual(["x3", "x1"]);
    });

    it("accepts flyteadmin's filter spellings: duration, admin_tag.name, execution_created_at, a space after the comma", async () => {
      const e = ctx.repos.executions;
      await e.create(execution({ id: execId("d0"), durationMs: 90_000, tags: ["nightly", "ml"], createdAt: T0 }));
      await e.create(execution({ id: execId("d1"), durationMs: 300_000, tags: ["ml"], createdAt: T0 + 1 }));
      await e.create(execution({ id: execId("d2"), durationMs: null, tags: [], createdAt: T0 + 2 }));
      const q = async (filters: string) => names((await e.list(scope, { filters })).items);
      expect(await q("lt(execution.duration,200)")).toEqual(["d0"]);
      expect(await q("gte(duration,2m)")).toEqual(["d1"]);
      expect(await q("gt(duration,1m29.5s)")).toEqual(["d1", "d0"]);
      expect(await q("eq(admin_tag.name,ml)")).toEqual(["d1", "d0"]);
      expect(await q("eq(admin_tag.name,nightly)+lt(duration,1h)")).toEqual(["d0"]);
      expect(await q("value_in(admin_tag.name,nightly;none)")).toEqual(["d0"]);
      expect(await q(`gt(execution_created_at,${new Date(T0).toISOString()})`)).toEqual(["d2", "d1"]);
      expect(await q("eq(phase, UNDEFINED)+eq(name, d2)")).toEqual(["d2"]);
      await rejectsWithCode(e.list(scope, { sortBy: { key: "admin_tag.name" } }), "InvalidSortKey");
      await rejectsWithCode(e.list(scope, { filters: "lt(duration,soon)" }), "InvalidFilterValue");
    });

    it("pages with limit and token, no duplicates or gaps even when created_at ties", async () => {
      const e = ctx.repos.executions;
      const all = Array.from({ length: 11 }, (_, i) => `t${String(i).padStart(2, "0")}`);
      for (const [i, name] of all.entries()) await e.create(execution({ id: execId(name), createdAt: T0 + (i % 3) }));
      const seen: string[] = [];
      let token = "";
      for (let pages = 0; pages < 10; pages++) {
        const page = await e.list(scope, { limit: 4, token });
        seen.push(...names(page.items));
        token = page.token;
        if (token === "") break;
      }
      expect(seen).toHaveLength(all.length);
      expect([...seen].sort()).toEqual(all);
      const asc = await e.list(scope, { sortBy: { key: "created_at", direction: "ASCENDING" }, limit: 3 });
      expect(names(asc.items)).toEqual(["t00", "t03", "t06"]);
      expect(asc.token).toBe("3");
    });

    it("counts executions of any version of a launch plan in given phases", async () => {
      const e = ctx.repos.executions;
      const lp = (v: string) => id("lp.c", v);
      await e.create(execution({ id: execId("c0"), launchPlanId: lp("v1"), phase: "RUNNING" }));
      await e.create(execution({ id: execId("c1"), launchPlanId: lp("v2"), phase: "QUEUED" }));
      await e.create(execution({ id: execId("c2"), launchPlanId: lp("v2"), phase: "SUCCEEDED" }));
      await e.create(execution({ id: execId("c3"), launchPlanId: id("lp.d"), phase: "RUNNING" }));
      const named = { project: "flytesnacks", domain: "development", name: "lp.c" };
      expect(await e.countByLaunchPlan(named, ["QUEUED", "RUNNING"])).toBe(2);
      expect(await e.countByLaunchPlan(named, [])).toBe(0);
    });
  });
}
