import type { Node } from "@flyte-ts/idl/gen/flyteidl/core/workflow_pb";
import { nextActivePhase } from "../model/phases.js";
import type { NodeRecord } from "../state/state-store.js";
import type { ExecutionRunner } from "./execution-runner.js";
import { CatalogCacheStatus, CatalogReservation_Status, cachePlan, catalogMetadata, usableHit } from "./node-cache.js";
import { cacheHit } from "./node-executor.js";
import { emitNodeEvent } from "./node-finish.js";
import type { Scope } from "./scope.js";

const WAITING = "waiting on serialized cache";

/**
 * Serialized caching (brief §4.12): before the handler runs, a cache-serializable task must hold
 * the reservation for its cache key. While another owner holds it the node stays Queued, re-checks
 * the cache when the key is written or released (watch) or after a heartbeat (a crashed holder's
 * reservation expires), and hits the cache once the holder has written it. Returns the record to
 * go on with, or undefined to stop this evaluation.
 */
export async function serializedCacheGate(
  rt: ExecutionRunner,
  scope: Scope,
  node: Node,
  rec: NodeRecord,
): Promise<NodeRecord | undefined> {
  const cache = rt.services.cache;
  if (!cache || node.target.case !== "taskNode" || rec.phase === "DynamicRunning") return rec;
  const plan = await cachePlan(rt, scope, node, rec);
  if (!plan?.serializable) return rec;
  const heartbeat = rt.services.settings.cacheReservationHeartbeatMs;
  const held = rec.reservationStatus === CatalogReservation_Status.RESERVATION_ACQUIRED;
  if (!held && !rt.exec.config.overwriteCache) {
    const hit = usableHit(scope, node, await cache.get(plan.key).catch(() => undefined));
    if (hit) {
      await cacheHit(rt, scope, node, rec, hit.outputs, catalogMetadata(plan.key, hit, rt));
      return undefined;
    }
  }
  const reservation = await cache.getOrExtendReservation(plan.key, plan.ownerId, heartbeat);
  rt.wakeAfter(rec.uniqueId, heartbeat, "reservation");
  if (reservation.ownerId === plan.ownerId) {
    if (held) return rec;
    const next: NodeRecord = {
      ...rec,
      reservationStatus: CatalogReservation_Status.RESERVATION_ACQUIRED,
      message: "",
      updatedAtMs: rt.services.clock.now(),
    };
    await rt.putNode(next);
    return next;
  }
  if (cache.watch && !rt.isSubscribed(rec.uniqueId, "cache")) {
    rt.subscribe(
      rec.uniqueId,
      "cache",
      cache.watch(plan.key, () => rt.wake(rec.uniqueId)),
    );
  }
  if (rec.reservationStatus !== CatalogReservation_Status.RESERVATION_EXISTS || rec.message !== WAITING) {
    const waiting: NodeRecord = {
      ...rec,
      // A retry waiting for the reservation stays Running: a node never goes back to Queued.
      phase: nextActivePhase(rec.phase, "Queued"),
      cacheStatus: rec.cacheStatus ?? CatalogCacheStatus.CACHE_MISS,
      reservationStatus: CatalogReservation_Status.RESERVATION_EXISTS,
      message: WAITING,
      updatedAtMs: rt.services.clock.now(),
    };
    if (waiting.phase !== rec.phase) await emitNodeEvent(rt, scope, node, waiting);
    await rt.putNode(waiting);
  }
  return undefined;
}
