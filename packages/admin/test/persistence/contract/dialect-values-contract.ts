import { describe, expect, it } from "vitest";
import { KyselyEventRepository } from "../../../src/persistence/repositories/event-repository.js";
import { useFreshDatabase, type ContractTarget } from "./context.js";
import { execId, execution, id, nodeExecution, T0, task } from "./fixtures.js";

/** A deterministic byte pattern covering every byte value. */
const pattern = (length: number) => Uint8Array.from({ length }, (_, i) => (i * 31 + 7) % 256);

/** Values whose storage differs between SQLite and PostgreSQL; each must read back as written. */
export function dialectValuesContract(target: ContractTarget): void {
  describe("values that SQLite and PostgreSQL store differently", () => {
    const ctx = useFreshDatabase(target);

    it("empty byte strings (a default protobuf message serializes to zero bytes) read back empty, not null", async () => {
      const empty = new Uint8Array(0);
      await ctx.repos.executions.create(execution({ spec: empty, closure: empty }));
      const got = await ctx.repos.executions.get(execId("a1"));
      expect(got.spec).toEqual(empty);
      expect(got.closure).toEqual(empty);
      await ctx.repos.tasks.create(task({ closure: empty }));
      expect((await ctx.repos.tasks.get(task().id)).closure).toEqual(empty);
      await ctx.repos.signals.getOrCreate({
        id: { executionId: execId("a1"), signalId: "s" },
        type: empty,
        value: empty,
        createdAt: T0,
        updatedAt: T0,
      });
      const signal = await ctx.repos.signals.get({ executionId: execId("a1"), signalId: "s" });
      expect(signal.value).toEqual(empty);
      expect(signal.type).toEqual(empty);
    });

    it("large byte strings round-trip exactly", async () => {
      const big = pattern(2 * 1024 * 1024 + 3);
      await ctx.repos.executions.create(execution({ closure: big }));
      const got = await ctx.repos.executions.get(execId("a1"));
      expect(got.closure.byteLength).toBe(big.byteLength);
      expect(Buffer.from(got.closure).equals(Buffer.from(big))).toBe(true);
    });

    it("returned bytes are plain Uint8Arrays that protobuf-es can decode", async () => {
      await ctx.repos.nodeExecutions.create(nodeExecution({ closure: pattern(10) }));
      const got = await ctx.repos.nodeExecutions.get(nodeExecution().id);
      expect(got.closure).toBeInstanceOf(Uint8Array);
      expect(Array.from(got.closure)).toEqual(Array.from(pattern(10)));
    });

    it("64-bit integers: epoch-ms timestamps and long durations come back as numbers", async () => {
      const far = Date.UTC(2999, 11, 31, 23, 59, 59, 999);
      await ctx.repos.executions.create(execution({ createdAt: far, startedAt: far, durationMs: 2 ** 40 }));
      const got = await ctx.repos.executions.get(execId("a1"));
      expect(got).toMatchObject({ createdAt: far, startedAt: far, durationMs: 2 ** 40 });
      expect(typeof got.createdAt).toBe("number");
      expect(await ctx.repos.executions.countByLaunchPlan({ ...id("core.basic.wf") }, ["UNDEFINED"])).toBe(1);
    });

    it("non-ASCII text round-trips and sorts by code point", async () => {
      for (const [i, principal] of ["zoë", "émile", "zed", "日本", "Ωmega", "😀"].entries()) {
        await ctx.repos.executions.create(execution({ id: execId(`u${i}`), principal, createdAt: T0 + i }));
      }
      const page = await ctx.repos.executions.list(
        { project: "flytesnacks", domain: "development" },
        { sortBy: { key: "principal", direction: "ASCENDING" } },
      );
      expect(page.items.map((e) => e.principal)).toEqual(["zed", "zoë", "émile", "Ωmega", "日本", "😀"]);
      const found = await ctx.repos.executions.list(
        { project: "flytesnacks", domain: "development" },
        { filters: "contains(principal,本)" },
      );
      expect(found.items.map((e) => e.principal)).toEqual(["日本"]);
    });

    it("the event history has no way to change or delete an event", () => {
      const methods = Object.getOwnPropertyNames(KyselyEventRepository.prototype).filter((m) => m !== "constructor");
      expect(methods.sort()).toEqual(["append", "list"]);
    });
  });
}
