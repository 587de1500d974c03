import { describe, expect, it } from "vitest";
import { CatalogCacheStatus, CatalogReservation_Status } from "@flyte-ts/idl/gen/flyteidl/core/catalog_pb";
import { t, task, workflow } from "@flyte-ts/sdk";
import { MemoryCacheClient, type ExecutionId, type LocalEngineRunner } from "../src/index.js";
import { gate, newRunner, nodeBySpec, nodesOf, until } from "./support/engine-test-kit.js";

/** Cache statuses on the node events of `specNodeId`, in order. */
function cacheStatuses(r: LocalEngineRunner, id: ExecutionId, uniqueId: string): (CatalogCacheStatus | -1)[] {
  return r.sink
    .nodeEvents()
    .filter((e) => e.id?.executionId?.name === id.name && e.id.nodeId === uniqueId)
    .map((e) => (e.targetMetadata.case === "taskNodeMetadata" ? e.targetMetadata.value.cacheStatus : -1));
}

describe("task output caching", () => {
  it("misses, populates, then hits; the body runs once; statuses on every node event", async () => {
    let calls = 0;
    const sq = task({ name: "cache_sq", inputs: { n: t.int }, outputs: t.int, cache: { version: "1" } }, ({ n }) => {
      calls++;
      return n * n;
    });
    const wf = workflow({ name: "wf_cache_sq", inputs: { n: t.int }, outputs: t.int }, ({ n }) => sq({ n }));
    const r = newRunner({ cache: new MemoryCacheClient() });
    const first = await r.runToLiterals(wf.entity, { n: 4 });
    expect(cacheStatuses(r, first.id, "n0")).toEqual([
      CatalogCacheStatus.CACHE_MISS,
      CatalogCacheStatus.CACHE_MISS,
      CatalogCacheStatus.CACHE_POPULATED,
    ]);
    const second = await r.runToLiterals(wf.entity, { n: 4 });
    expect(cacheStatuses(r, second.id, "n0")).toEqual([CatalogCacheStatus.CACHE_HIT]);
    expect(calls).toBe(1);
    expect(await r.run(wf.entity, { n: 5 })).toEqual({ o0: 25 });
    expect(calls).toBe(2);
    const hit = r.sink.nodeEvents().find((e) => e.id?.executionId?.name === second.id.name && e.id.nodeId === "n0");
    const md = hit?.targetMetadata.case === "taskNodeMetadata" ? hit.targetMetadata.value : undefined;
    expect(md?.catalogKey?.datasetId?.name).toBe("flyte_task-cache_sq");
    expect(md?.catalogKey?.sourceExecution.case).toBe("sourceTaskExecution");
  });

  it("reports CACHE_DISABLED for tasks without caching", async () => {
    const plain = task({ name: "cache_plain", inputs: { n: t.int }, outputs: t.int }, ({ n }) => n);
    const wf = workflow({ name: "wf_cache_plain", inputs: { n: t.int }, outputs: t.int }, ({ n }) => plain({ n }));
    const r = newRunner({ cache: new MemoryCacheClient() });
    const { id } = await r.runToLiterals(wf.entity, { n: 1 });
    expect(new Set(cacheStatuses(r, id, "n0"))).toEqual(new Set([CatalogCacheStatus.CACHE_DISABLED]));
  });

  it("overwrite_cache skips the lookup, reruns and overwrites the entry", async () => {
    let calls = 0;
    const f = task(
      { name: "cache_over", inputs: { n: t.int }, outputs: t.int, cache: { version: "1" } },
      ({ n }) => n + ++calls,
    );
    const wf = workflow({ name: "wf_cache_over", inputs: { n: t.int }, outputs: t.int }, ({ n }) => f({ n }));
    const r = newRunner({ cache: new MemoryCacheClient() });
    expect(await r.run(wf.entity, { n: 10 })).toEqual({ o0: 11 });
    const over = await r.runToLiterals(wf.entity, { n: 10 }, { overwriteCache: true });
    expect(cacheStatuses(r, over.id, "n0")).toEqual([
      CatalogCacheStatus.CACHE_SKIPPED,
      CatalogCacheStatus.CACHE_SKIPPED,
      CatalogCacheStatus.CACHE_POPULATED,
    ]);
    // The overwritten value is what the next (normal) run hits.
    expect(await r.run(wf.entity, { n: 10 })).toEqual({ o0: 12 });
    expect(calls).toBe(2);
  });

  it("keys on cache version and inputs (ignoring ignored inputs), not on the run", async () => {
    const cache = new MemoryCacheClient();
    let calls = 0;
    const mk = (version: string) =>
      task(
        {
          name: "cache_keyed",
          inputs: { n: t.int, runId: t.string },
          outputs: t.int,
          cache: { version, ignoreInputs: ["runId"] },
        },
        ({ n }) => {
          calls++;
          return n;
        },
      );
    const v1 = mk("1");
    const wf1 = workflow(
      { name: "wf_cache_keyed", inputs: { n: t.int, runId: t.string }, outputs: t.int },
      ({ n, runId }) => v1({ n, runId }),
    );
    const r1 = newRunner({ cache });
    await r1.run(wf1.entity, { n: 1, runId: "a" });
    await r1.run(wf1.entity, { n: 1, runId: "b" });
    expect(calls).toBe(1);
    const v2 = mk("2");
    const wf2 = workflow(
      { name: "wf_cache_keyed", inputs: { n: t.int, runId: t.string }, outputs: t.int },
      ({ n, runId }) => v2({ n, runId }),
    );
    await newRunner({ cache }).run(wf2.entity, { n: 1, runId: "c" });
    expect(calls).toBe(2);
  });

  it("serializes identical cacheable runs: one holds the reservation, the other waits and hits", async () => {
    const release = gate();
    let calls = 0;
    const f = task(
      { name: "cache_serial", inputs: { n: t.int }, outputs: t.int, cache: { version: "1", serialize: true } },
      async ({ n }) => {
        calls++;
        await release.promise;
        return n * 3;
      },
    );
    const wf = workflow({ name: "wf_cache_serial", inputs: { n: t.int }, outputs: t.int }, ({ n }) => f({ n }));
    const r = newRunner({ cache: new MemoryCacheClient() });
    const a = await r.start(wf.entity, { n: 2 });
    await until(async () => (await nodesOf(r, a.id)).some((n) => n.phase === "Running" && n.specNodeId === "n0"));
    const b = await r.start(wf.entity, { n: 2 });
    await until(async () => (await nodesOf(r, b.id)).some((n) => n.message === "waiting on serialized cache"));
    const waiting = await nodeBySpec(r, b.id, "n0");
    expect(waiting.phase).toBe("Queued");
    expect(waiting.reservationStatus).toBe(CatalogReservation_Status.RESERVATION_EXISTS);
    expect((await nodeBySpec(r, a.id, "n0")).reservationStatus).toBe(CatalogReservation_Status.RESERVATION_ACQUIRED);
    release.open();
    const [ra, rb] = await Promise.all([a.done, b.done]);
    expect(ra.record.phase).toBe("Succeeded");
    expect(rb.record.phase).toBe("Succeeded");
    expect(calls).toBe(1);
    expect((await nodeBySpec(r, b.id, "n0")).cacheStatus).toBe(CatalogCacheStatus.CACHE_HIT);
    expect((await nodeBySpec(r, a.id, "n0")).reservationStatus).toBe(CatalogReservation_Status.RESERVATION_RELEASED);
  });
});
