import { describe, expect, it } from "vitest";
import type { ExecutionModel } from "../../../src/persistence/repositories/execution-rows.js";
import { useFreshDatabase, type ContractTarget } from "./context.js";
import { execId, execution, rejectsWithCode, T0 } from "./fixtures.js";

const scope = { project: "flytesnacks", domain: "development" };
const names = (items: readonly ExecutionModel[]) => items.map((e) => e.id.name);

/** Text semantics that differ between SQL engines unless the repositories pin them down. */
export function listingContract(target: ContractTarget): void {
  describe("list semantics shared by every dialect", () => {
    const ctx = useFreshDatabase(target);
    const seed = async (list: readonly string[]) => {
      for (const [i, name] of list.entries()) {
        await ctx.repos.executions.create(execution({ id: execId(name), principal: name, createdAt: T0 + i }));
      }
    };
    const q = async (filters: string) =>
      names(
        (await ctx.repos.executions.list(scope, { filters, sortBy: { key: "name", direction: "ASCENDING" } })).items,
      );

    it("contains and not_like are case-sensitive", async () => {
      await seed(["abc", "xAbCx", "zabcz", "other"]);
      expect(await q("contains(principal,abc)")).toEqual(["abc", "zabcz"]);
      expect(await q("contains(principal,AbC)")).toEqual(["xAbCx"]);
      expect(await q("not_like(principal,%abc%)")).toEqual(["other", "xAbCx"]);
    });

    it("LIKE patterns follow flyteadmin: % and _ are wildcards, backslash escapes them", async () => {
      await seed(["a%b", "axb", "a_b", "a\\b", "bab", "other"]);
      expect(await q("contains(principal,a_b)")).toEqual(["a%b", "a\\b", "a_b", "axb"]);
      expect(await q("contains(principal,a\\_b)")).toEqual(["a_b"]);
      expect(await q("contains(principal,a\\%b)")).toEqual(["a%b"]);
      expect(await q("contains(principal,\\\\)")).toEqual(["a\\b"]);
      // not_like takes the value as the whole pattern (no implicit %...%).
      expect(await q("not_like(principal,a%)")).toEqual(["bab", "other"]);
      expect(await q("not_like(principal,bab)")).toEqual(["a%b", "a\\b", "a_b", "axb", "other"]);
    });

    it("text sorts and compares by code point (upper case before lower case), not by locale", async () => {
      await seed(["beta", "Zeta", "alpha", "Alpha", "_x"]);
      expect(await q("ne(name,nothing)")).toEqual(["Alpha", "Zeta", "_x", "alpha", "beta"]);
      expect(await q("lt(name,a)")).toEqual(["Alpha", "Zeta", "_x"]);
      expect(await q("eq(principal,alpha)")).toEqual(["alpha"]);
    });

    it("listViews pages exactly like list, with each row's id, phase, spec and closure", async () => {
      for (const [i, name] of ["v1", "v2", "v3", "v4", "v5"].entries()) {
        await ctx.repos.executions.create(
          execution({
            id: execId(name),
            phase: i % 2 === 0 ? "RUNNING" : "FAILED",
            spec: new Uint8Array([i, 1, 2]),
            closure: new Uint8Array([i, 9]),
            createdAt: T0 + i,
          }),
        );
      }
      for (const options of [
        { limit: 2 },
        { limit: 2, token: "2" },
        { filters: "eq(phase,FAILED)" },
        { filters: "eq(phase,RUNNING)", sortBy: { key: "name", direction: "ASCENDING" as const } },
      ]) {
        const full = await ctx.repos.executions.list(scope, options);
        const views = await ctx.repos.executions.listViews(scope, options);
        expect(views.token).toBe(full.token);
        expect(views.items).toEqual(
          full.items.map((e) => ({ id: e.id, phase: e.phase, spec: e.spec, closure: e.closure })),
        );
        expect(views.items.length).toBeGreaterThan(0);
      }
    });

    it("bad filters, sort keys, limits and tokens are InvalidArgument errors with stable codes", async () => {
      const list = (o: Parameters<typeof ctx.repos.executions.list>[1]) => ctx.repos.executions.list(scope, o);
      await rejectsWithCode(list({ filters: "eq(no_such_field,1)" }), "UnknownFilterField");
      await rejectsWithCode(list({ filters: "like(name,x)" }), "UnknownFilterFunction");
      await rejectsWithCode(list({ filters: "eq(phase,NOT_A_PHASE)" }), "InvalidFilterValue");
      await rejectsWithCode(list({ filters: "eq(name" }), "MalformedFilter");
      await rejectsWithCode(list({ filters: "contains(created_at,1)" }), "UnsupportedFilterFunction");
      await rejectsWithCode(list({ sortBy: { key: "spec" } }), "InvalidSortKey");
      await rejectsWithCode(list({ sortBy: { key: "name", direction: "SIDEWAYS" as never } }), "InvalidSortDirection");
      await rejectsWithCode(list({ limit: 0 }), "InvalidLimit");
      await rejectsWithCode(list({ token: "abc" }), "InvalidToken");
    });
  });
}
