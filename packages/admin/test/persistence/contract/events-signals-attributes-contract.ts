import { describe, expect, it } from "vitest";
import type { AttributeScope } from "../../../src/persistence/repositories/matchable-attributes-repository.js";
import { withTransaction } from "../../../src/persistence/repositories.js";
import type { NewEvent } from "../../../src/persistence/repositories/event-repository.js";
import { useFreshDatabase, type ContractTarget } from "./context.js";
import { bytes, execId, execution, rejectsWithCode, T0 } from "./fixtures.js";

const event = (over: Partial<NewEvent> = {}): NewEvent => ({
  executionId: execId("a1"),
  kind: "workflow",
  nodeId: null,
  retryAttempt: null,
  phase: "RUNNING",
  occurredAt: T0,
  event: bytes(),
  createdAt: T0,
  ...over,
});

const scope = (project: string, domain = "", workflow = "", launchPlan = ""): AttributeScope => ({
  project,
  domain,
  workflow,
  launchPlan,
});

export function eventsSignalsAttributesContract(target: ContractTarget): void {
  describe("events", () => {
    const ctx = useFreshDatabase(target);

    it("append-only: every append is a new record with a larger sequence number, duplicates included", async () => {
      const ev = ctx.repos.events;
      const s1 = await ev.append(event({ phase: "QUEUED" }));
      const s2 = await ev.append(event({ kind: "node", nodeId: "n0", phase: "RUNNING", occurredAt: null }));
      const s3 = await ev.append(event({ kind: "task", nodeId: "n0", retryAttempt: 1, phase: "RUNNING" }));
      const s4 = await ev.append(event({ kind: "task", nodeId: "n0", retryAttempt: 1, phase: "RUNNING" }));
      await ev.append(event({ executionId: execId("a2") }));
      expect(s1 < s2 && s2 < s3 && s3 < s4).toBe(true);
      const history = await ev.list(execId("a1"));
      expect(history.map((r) => r.seq)).toEqual([s1, s2, s3, s4]);
      expect(history[1]).toEqual({
        ...event({ kind: "node", nodeId: "n0", phase: "RUNNING", occurredAt: null }),
        seq: s2,
      });
      expect(history[2]).toMatchObject({ kind: "task", retryAttempt: 1, event: bytes() });
    });

    it("lists after a sequence number with a limit", async () => {
      const ev = ctx.repos.events;
      const seqs: number[] = [];
      for (let i = 0; i < 5; i++) seqs.push(await ev.append(event({ phase: `P${i}` })));
      const page = await ev.list(execId("a1"), { afterSeq: seqs[1] ?? 0, limit: 2 });
      expect(page.map((r) => r.phase)).toEqual(["P2", "P3"]);
    });
  });

  describe("matchable attributes", () => {
    const ctx = useFreshDatabase(target);
    const put = (s: AttributeScope, value: number, type = "TASK_RESOURCE") =>
      ctx.repos.matchableAttributes.put({
        scope: s,
        resourceType: type,
        attributes: bytes(value),
        createdAt: T0,
        updatedAt: T0 + value,
      });

    it("one row per scope and resource type; put replaces; get is exact", async () => {
      const m = ctx.repos.matchableAttributes;
      await put(scope("p", "d"), 1);
      await put(scope("p", "d"), 2);
      await put(scope("p", "d"), 3, "EXECUTION_QUEUE");
      expect(await m.get(scope("p", "d"), "TASK_RESOURCE")).toEqual({
        scope: scope("p", "d"),
        resourceType: "TASK_RESOURCE",
        priority: 10,
        attributes: bytes(2),
        createdAt: T0,
        updatedAt: T0 + 2,
      });
      await rejectsWithCode(m.get(scope("p"), "TASK_RESOURCE"), "MatchableAttributesNotFound");
    });

    it("lookup picks the most specific matching scope: launch plan > workflow > project+domain > project", async () => {
      const m = ctx.repos.matchableAttributes;
      await put(scope("p"), 5);
      await put(scope("p", "d"), 10);
      await put(scope("p", "d", "wf"), 100);
      await put(scope("p", "d", "wf", "lp"), 200);
      await put(scope("p", "other", "wf"), 99);
      const pick = async (s: AttributeScope) => (await m.lookup(s, "TASK_RESOURCE"))?.attributes[0];
      expect(await pick(scope("p", "d", "wf", "lp"))).toBe(200);
      expect(await pick(scope("p", "d", "wf", "lp2"))).toBe(100);
      expect(await pick(scope("p", "d", "wf2"))).toBe(10);
      expect(await pick(scope("p", "prod", "wf"))).toBe(5);
      expect(await pick(scope("q", "d", "wf"))).toBeUndefined();
      const listed = await m.list("TASK_RESOURCE", "p");
      expect(listed.map((r) => r.priority)).toEqual([1000, 100, 100, 10, 5]);
    });

    it("delete removes exactly one scope; bad scopes and types are rejected", async () => {
      const m = ctx.repos.matchableAttributes;
      await put(scope("p", "d"), 1);
      await put(scope("p"), 2);
      await m.delete(scope("p", "d"), "TASK_RESOURCE");
      expect((await m.lookup(scope("p", "d"), "TASK_RESOURCE"))?.attributes[0]).toBe(2);
      await rejectsWithCode(m.delete(scope("p", "d"), "TASK_RESOURCE"), "MatchableAttributesNotFound");
      await rejectsWithCode(put(scope(""), 1), "InvalidAttributeScope");
      await rejectsWithCode(put(scope("p", "", "wf"), 1), "InvalidAttributeScope");
      await rejectsWithCode(put(scope("p"), 1, "NOT_A_TYPE"), "InvalidResourceType");
    });
  });

  describe("signals", () => {
    const ctx = useFreshDatabase(target);
    const sid = (signalId: string) => ({ executionId: execId("a1"), signalId });
    const signal = (signalId: string, createdAt = T0) => ({
      id: sid(signalId),
      type: bytes(1),
      value: null,
      createdAt,
      updatedAt: createdAt,
    });

    it("getOrCreate creates once and then returns the stored signal unchanged", async () => {
      const s = ctx.repos.signals;
      expect(await s.getOrCreate(signal("approve"))).toEqual(signal("approve"));
      await s.setValue(sid("approve"), bytes(42), T0 + 5);
      const again = await s.getOrCreate({ ...signal("approve"), type: bytes(9) });
      expect(again).toEqual({ ...signal("approve"), value: bytes(42), updatedAt: T0 + 5 });
    });

    it("list returns one execution's signals in creation order; setValue on a missing signal is NotFound", async () => {
      const s = ctx.repos.signals;
      await s.getOrCreate(signal("b", T0 + 1));
      await s.getOrCreate(signal("a", T0 + 2));
      await s.getOrCreate({ ...signal("c"), id: { executionId: execId("a2"), signalId: "c" } });
      const page = await s.list(execId("a1"), {});
      expect(page.items.map((x) => x.id.signalId)).toEqual(["b", "a"]);
      await rejectsWithCode(s.setValue(sid("zzz"), bytes(1), T0), "SignalNotFound");
      await rejectsWithCode(s.get(sid("zzz")), "SignalNotFound");
    });
  });

  describe("transactions", () => {
    const ctx = useFreshDatabase(target);

    it("withTransaction commits everything or, when the callback throws, nothing", async () => {
      await withTransaction(ctx.database.db, async (repos) => {
        await repos.executions.create(execution({ id: execId("kept") }));
        await repos.events.append(event({ executionId: execId("kept") }));
      });
      await expect(
        withTransaction(ctx.database.db, async (repos) => {
          await repos.executions.create(execution({ id: execId("lost"), tags: ["t"] }));
          await repos.events.append(event({ executionId: execId("lost") }));
          throw new Error("boom");
        }),
      ).rejects.toThrow("boom");
      await rejectsWithCode(ctx.repos.executions.get(execId("lost")), "ExecutionNotFound");
      expect(await ctx.repos.events.list(execId("lost"))).toEqual([]);
      expect((await ctx.repos.events.list(execId("kept"))).length).toBe(1);
    });

    it("a failing statement inside a transaction rolls back the earlier ones", async () => {
      await ctx.repos.executions.create(execution({ id: execId("dup") }));
      await rejectsWithCode(
        withTransaction(ctx.database.db, async (repos) => {
          await repos.executions.create(execution({ id: execId("fresh") }));
          await repos.executions.create(execution({ id: execId("dup") }));
        }),
        "ExecutionAlreadyExists",
      );
      await rejectsWithCode(ctx.repos.executions.get(execId("fresh")), "ExecutionNotFound");
    });
  });
}
