import { TaskExecution_Phase } from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";
import { describe, expect, it } from "vitest";
import type { ExecutionId } from "../../src/index.js";
import { until } from "../support/engine-test-kit.js";
import { heldWorkflow, resourcesHarness, type ResourcesHarness } from "./held-plugin.js";

/** Task event reasons of one execution, in order. */
function reasonsOf(h: ResourcesHarness, id: ExecutionId): { phase: TaskExecution_Phase; reason: string }[] {
  return h.sink
    .taskEvents()
    .filter((e) => e.parentNodeExecutionId?.executionId?.name === id.name)
    .map((e) => ({ phase: e.phase, reason: e.reasons.map((r) => r.reason).join("; ") }));
}

const terminal = async (h: ResourcesHarness, ids: ExecutionId[]) => {
  let n = 0;
  for (const id of ids) {
    const ex = await h.engine.getExecution(id);
    if (ex && ["Succeeded", "Failed", "Aborted", "TimedOut"].includes(ex.phase)) n++;
  }
  return n;
};

describe("resource manager: quotas, fair sharing, WaitingForResources with a reason, fail fast", () => {
  it("a noisy tenant with 50 executions does not starve a quiet one: the quiet one's attempts take the next free slots", async () => {
    const h = resourcesHarness(Infinity, { global: { slots: 4 } });
    const closure = await heldWorkflow("rm_fair");
    const noisy: ExecutionId[] = [];
    for (let i = 0; i < 50; i++) noisy.push(await h.start("noisy", `n${i}`, closure));
    await until(() => h.plugin.starts.length === 4);
    const quiet: ExecutionId[] = [];
    for (let i = 0; i < 5; i++) quiet.push(await h.start("quiet", `q${i}`, closure));
    await until(() => quiet.every((id) => reasonsOf(h, id).length > 0));
    expect(h.plugin.starts.length).toBe(4);
    // Finish the oldest running attempt, one at a time, and see who gets each freed slot.
    for (let freed = 0; freed < 54; freed++) {
      const before = h.plugin.starts.length;
      expect(h.plugin.finishOldest()).toBe(true);
      if (before < 55) await until(() => h.plugin.starts.length === before + 1);
      expect([...h.plugin.running.values()].reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(4);
    }
    while (h.plugin.finishOldest());
    await until(async () => (await terminal(h, [...noisy, ...quiet])) === 55, 30_000);
    for (const id of [...noisy, ...quiet]) expect((await h.engine.getExecution(id))?.phase).toBe("Succeeded");
    // The quiet tenant got its fair share (2 of 4 slots) at once, ahead of 46 older noisy attempts.
    const grants = h.plugin.starts.slice(4);
    expect(grants.slice(0, 8).filter((p) => p === "quiet").length).toBeGreaterThanOrEqual(4);
    expect(grants.lastIndexOf("quiet")).toBeLessThan(10);
    expect(h.plugin.peak.get("quiet")).toBe(2);
    expect(h.plugin.peakTotal).toBe(4);
    // Waiting attempts said why, in their task events.
    const waited = reasonsOf(h, quiet[0] as ExecutionId);
    expect(waited[0]?.phase).toBe(TaskExecution_Phase.WAITING_FOR_RESOURCES);
    expect(waited[0]?.reason).toBe(
      "waiting for resources: all 4 task slots are in use (quiet/development has 0 running); 0 attempts ahead in line for quiet/development, 46 of other tenants waiting",
    );
    const last = reasonsOf(h, noisy[49] as ExecutionId);
    expect(last.map((e) => e.phase)).toEqual([
      TaskExecution_Phase.WAITING_FOR_RESOURCES,
      TaskExecution_Phase.RUNNING,
      TaskExecution_Phase.SUCCEEDED,
    ]);
    expect(last[0]?.reason).toBe(
      "waiting for resources: all 4 task slots are in use (noisy/development has 4 running); 45 attempts ahead in line for noisy/development, 0 of other tenants waiting",
    );
    await h.engine.close();
  }, 60_000);

  it("per-project slot quotas and pool limits hold; the reason names the quota", async () => {
    const h = resourcesHarness(Infinity, {
      global: { slots: 10 },
      projects: { noisy: { slots: 2 } },
      pools: { warehouse: 2 },
    });
    const plain = await heldWorkflow("rm_quota");
    const pooled = await heldWorkflow("rm_pool", { name: "warehouse" });
    const ids: ExecutionId[] = [];
    for (let i = 0; i < 6; i++) ids.push(await h.start("noisy", `quota${i}`, plain));
    for (let i = 0; i < 4; i++) ids.push(await h.start("quiet", `pool${i}`, pooled));
    await until(() => ids.every((id) => reasonsOf(h, id).length > 0));
    expect(h.plugin.starts.length).toBe(4);
    const quota = reasonsOf(h, ids[5] as ExecutionId)[0];
    expect(quota?.phase).toBe(TaskExecution_Phase.WAITING_FOR_RESOURCES);
    expect(quota?.reason).toBe(
      "waiting for resources: project noisy is using 2 of its 2 task slots; 3 attempts ahead in line",
    );
    const pool = reasonsOf(h, ids[9] as ExecutionId)[0];
    expect(pool?.reason).toBe(
      'waiting for resources: pool "warehouse" has 2 of 2 units in use (this task needs 1); 1 attempt ahead in line',
    );
    await until(async () => {
      h.plugin.finish();
      return (await terminal(h, ids)) === ids.length;
    }, 20_000);
    for (const id of ids) expect((await h.engine.getExecution(id))?.phase).toBe("Succeeded");
    expect(h.plugin.peak.get("noisy")).toBe(2);
    expect(h.plugin.peak.get("quiet")).toBe(2);
    await h.engine.close();
  }, 30_000);

  it("a request that can never fit fails at once with a user error naming the limit (never reaches the plugin)", async () => {
    const h = resourcesHarness(10, { pools: { warehouse: 2 }, projects: { closed: { slots: 0 } } });
    const tooBig = await h.start("p", "big", await heldWorkflow("rm_big", { name: "warehouse", units: "3" }));
    const unknown = await h.start("p", "unknown", await heldWorkflow("rm_unknown", { name: "lake" }));
    const badUnits = await h.start("p", "units", await heldWorkflow("rm_units", { name: "warehouse", units: "-1" }));
    const closed = await h.start("closed", "closed", await heldWorkflow("rm_closed"));
    const errors = await Promise.all([tooBig, unknown, badUnits, closed].map((id) => h.engine.waitFor(id)));
    for (const r of errors) {
      expect(r.record.phase).toBe("Failed");
      expect(r.record.error).toMatchObject({ kind: "USER", code: "ResourceRequestImpossible" });
    }
    expect(errors[0]?.record.error?.message).toContain('asks for 3 units of pool "warehouse", which has only 2');
    expect(errors[1]?.record.error?.message).toContain(
      'resource pool "lake", which is not configured (configured pools: warehouse)',
    );
    expect(errors[2]?.record.error?.message).toContain("flyte-ts/resource-pool-units must be a positive integer");
    expect(errors[3]?.record.error?.message).toContain("project closed has a quota of 0 task slots");
    expect(h.plugin.starts).toEqual([]);
    expect(reasonsOf(h, tooBig).map((e) => e.phase)).toEqual([TaskExecution_Phase.FAILED]);
    await h.engine.close();
  });

  it("aborting an execution gives its slot back: the waiting one runs", async () => {
    const h = resourcesHarness(Infinity, { global: { slots: 1 } });
    const closure = await heldWorkflow("rm_abort");
    const a = await h.start("p", "holder", closure);
    await until(() => h.plugin.starts.length === 1);
    const b = await h.start("p", "waiter", closure);
    await until(() => reasonsOf(h, b).length === 1);
    expect(reasonsOf(h, b)[0]?.phase).toBe(TaskExecution_Phase.WAITING_FOR_RESOURCES);
    await h.engine.abort(a, "make room");
    await until(() => h.plugin.starts.length === 2);
    h.plugin.finish();
    expect((await h.engine.waitFor(b)).record.phase).toBe("Succeeded");
    expect((await h.engine.waitFor(a)).record.phase).toBe("Aborted");
    await h.engine.close();
  });
});
