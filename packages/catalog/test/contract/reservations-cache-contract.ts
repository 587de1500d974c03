import { create } from "@bufbuild/protobuf";
import { durationFromMs, durationMs, timestampMs } from "@bufbuild/protobuf/wkt";
import type { CacheKey } from "@flyte-ts/engine";
import { literalMap, literals } from "@flyte-ts/idl";
import {
  GetOrExtendReservationRequestSchema,
  ReleaseReservationRequestSchema,
} from "@flyte-ts/idl/gen/flyteidl/datacatalog/datacatalog_pb";
import { describe, expect, it } from "vitest";
import { CatalogCacheClient } from "../../src/index.js";
import { rejects, T0, useCatalog, type CatalogTarget } from "./context.js";
import { byTag, dsId, listArtifactsReq } from "./fixtures.js";

const reservationId = { datasetId: dsId(), tagName: "flyte_cached-abc" };

export function reservationsCacheContract(target: CatalogTarget): void {
  describe(`reservations (${target.name})`, () => {
    const ctx = useCatalog(target);
    const ask = async (ownerId: string, heartbeatMs?: number) => {
      const res = await ctx.catalog.getOrExtendReservation(
        create(GetOrExtendReservationRequestSchema, {
          reservationId,
          ownerId,
          ...(heartbeatMs === undefined ? {} : { heartbeatInterval: durationFromMs(heartbeatMs) }),
        }),
      );
      const r = res.reservation;
      return {
        owner: r?.ownerId,
        expiresAt: r?.expiresAt && timestampMs(r.expiresAt),
        heartbeatMs: r?.heartbeatInterval && durationMs(r.heartbeatInterval),
      };
    };
    const release = (ownerId: string) =>
      ctx.catalog.releaseReservation(create(ReleaseReservationRequestSchema, { reservationId, ownerId }));

    it("the owner holds it until expiry (heartbeat × 3), another owner gets the holder back, heartbeats extend", async () => {
      expect(await ask("a", 2000)).toEqual({ owner: "a", expiresAt: T0 + 6000, heartbeatMs: 2000 });
      ctx.clock.now = T0 + 1000;
      expect(await ask("b", 2000)).toEqual({ owner: "a", expiresAt: T0 + 6000, heartbeatMs: 2000 });
      ctx.clock.now = T0 + 5000;
      expect(await ask("a", 2000)).toMatchObject({ owner: "a", expiresAt: T0 + 11_000 });
      ctx.clock.now = T0 + 10_999;
      expect((await ask("b", 2000)).owner).toBe("a");
      ctx.clock.now = T0 + 11_001;
      expect(await ask("b", 2000)).toMatchObject({ owner: "b", expiresAt: T0 + 17_001 });
    });

    it("heartbeats are capped at 10 s (and a missing one means 10 s); release only by the owner", async () => {
      expect(await ask("a", 60_000)).toEqual({ owner: "a", expiresAt: T0 + 30_000, heartbeatMs: 10_000 });
      await release("b");
      expect((await ask("b")).owner).toBe("a");
      await release("a");
      expect(await ask("b")).toEqual({ owner: "b", expiresAt: T0 + 30_000, heartbeatMs: 10_000 });
      await release("nobody");
      await ctx.catalog.releaseReservation(
        create(ReleaseReservationRequestSchema, {
          reservationId: { ...reservationId, tagName: "never" },
          ownerId: "a",
        }),
      );
    });

    it("owners racing for a free reservation: one wins and every one is told the same holder", async () => {
      const owners = ["w1", "w2", "w3", "w4", "w5", "w6"];
      const seen = await Promise.all(owners.map((o) => ask(o, 1000)));
      const holders = new Set(seen.map((r) => r.owner));
      expect(holders.size).toBe(1);
      expect(owners).toContain([...holders][0]);
    });

    it("INVALID_ARGUMENT names the reservation id, owner and heartbeat fields", async () => {
      const bad = await rejects(
        ctx.catalog.getOrExtendReservation(
          create(GetOrExtendReservationRequestSchema, {
            reservationId: { datasetId: { ...dsId(), name: "" }, tagName: "" },
            heartbeatInterval: durationFromMs(-5),
          }),
        ),
        "InvalidCatalogRequest",
        "invalid_argument",
      );
      expect(bad.details.fields).toBe(
        "reservation_id.dataset_id.name,reservation_id.tag_name,owner_id,heartbeat_interval",
      );
      const none = await rejects(
        ctx.catalog.releaseReservation(create(ReleaseReservationRequestSchema, { ownerId: "a" })),
        "InvalidCatalogRequest",
        "invalid_argument",
      );
      expect(none.details.fields).toBe("reservation_id");
    });
  });

  describe(`CatalogCacheClient on the catalog (${target.name})`, () => {
    const ctx = useCatalog(target);
    const key: CacheKey = { dataset: { ...dsId() }, tag: "flyte_cached-abc" };
    const source = { executionName: "exec-1", nodeId: "n0", attempt: 1 };

    it("a miss, then put → dataset, artifact and tag through the DataCatalog model → a hit with its lineage", async () => {
      const cache = new CatalogCacheClient({ catalog: ctx.catalog });
      expect(await cache.get(key)).toBeUndefined();
      ctx.clock.now = T0 + 7;
      const outputs = literalMap({ o0: literals.integer(49), o1: literals.string("x") });
      expect(await cache.put(key, outputs, source, { overwrite: false })).toBe("created");
      const hit = await cache.get(key);
      expect(hit).toMatchObject({ outputs, source, createdAtMs: T0 + 7 });
      const artifact = (await ctx.catalog.getArtifact(byTag(key.tag))).artifact;
      expect(artifact?.id).toBe(hit?.artifactId);
      expect(artifact?.metadata?.keyMap).toEqual({
        "execution-name": "exec-1",
        "exec-node": "n0",
        "exec-attempt": "1",
      });
      expect(await cache.get({ ...key, tag: "flyte_cached-other" })).toBeUndefined();
      expect(await cache.get({ ...key, dataset: { ...key.dataset, version: "2-x-y" } })).toBeUndefined();
    });

    it("without overwrite the tagged artifact wins; overwrite replaces its outputs in place", async () => {
      const cache = new CatalogCacheClient({ catalog: ctx.catalog });
      await cache.put(key, literalMap({ o0: literals.integer(1) }), source, { overwrite: false });
      const again = await cache.put(key, literalMap({ o0: literals.integer(2) }), source, { overwrite: false });
      expect(again).toBe("exists");
      expect((await cache.get(key))?.outputs).toEqual(literalMap({ o0: literals.integer(1) }));
      const before = (await cache.get(key))?.artifactId;
      const over = await cache.put(
        key,
        literalMap({ o0: literals.integer(3) }),
        { ...source, executionName: "exec-2" },
        {
          overwrite: true,
        },
      );
      expect(over).toBe("overwritten");
      expect(await cache.get(key)).toMatchObject({
        artifactId: before,
        outputs: literalMap({ o0: literals.integer(3) }),
        source: { executionName: "exec-2" },
      });
      expect((await ctx.catalog.listArtifacts(listArtifactsReq())).artifacts).toHaveLength(1);
      const fresh = { ...key, tag: "flyte_cached-new" };
      expect(await cache.put(fresh, literalMap({ o0: literals.integer(4) }), source, { overwrite: true })).toBe(
        "created",
      );
    });

    it("reservations through the catalog; watchers wake on put and release", async () => {
      const cache = new CatalogCacheClient({ catalog: ctx.catalog });
      expect(await cache.getOrExtendReservation(key, "a", 1000)).toEqual({ ownerId: "a", expiresAtMs: T0 + 3000 });
      expect((await cache.getOrExtendReservation(key, "b", 1000)).ownerId).toBe("a");
      let woken = 0;
      cache.watch(key, () => woken++);
      await cache.releaseReservation(key, "a");
      expect(woken).toBe(1);
      expect((await cache.getOrExtendReservation(key, "b", 1000)).ownerId).toBe("b");
      const stop = cache.watch(key, () => woken++);
      stop();
      cache.watch(key, () => woken++);
      await cache.put(key, literalMap({ o0: literals.integer(1) }), source, { overwrite: false });
      expect(woken).toBe(2);
    });
  });
}
