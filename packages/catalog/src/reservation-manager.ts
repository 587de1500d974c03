import { create } from "@bufbuild/protobuf";
import { durationFromMs, durationMs, timestampFromMs } from "@bufbuild/protobuf/wkt";
import {
  GetOrExtendReservationResponseSchema,
  ReleaseReservationResponseSchema,
  ReservationIDSchema,
  ReservationSchema,
  type GetOrExtendReservationRequest,
  type GetOrExtendReservationResponse,
  type ReleaseReservationRequest,
  type ReleaseReservationResponse,
  type ReservationID,
} from "@flyte-ts/idl/gen/flyteidl/datacatalog/datacatalog_pb";
import type { ReservationKey } from "@flyte-ts/admin";
import type { CatalogRepositories } from "./catalog-repositories.js";
import { RequestCheck } from "./request-check.js";
import { toDatasetKey } from "./transformers.js";

/** DataCatalog's `max-reservation-heartbeat`. */
export const DEFAULT_MAX_HEARTBEAT_MS = 10_000;
/** DataCatalog's `heartbeat-grace-period-multiplier`. */
export const DEFAULT_HEARTBEAT_GRACE_MULTIPLIER = 3;

export interface ReservationManagerOptions {
  repositories: CatalogRepositories;
  now: () => number;
  /** Heartbeats longer than this are cut to it; a missing or zero heartbeat means this. */
  maxHeartbeatMs?: number;
  /** A reservation expires after heartbeat × this without being extended. */
  graceMultiplier?: number;
}

function checkReservationId(check: RequestCheck, id: ReservationID | undefined, owner: string): void {
  if (check.require("reservation_id", id)) {
    check.datasetId("reservation_id.dataset_id", id.datasetId);
    check.require("reservation_id.tag_name", id.tagName);
  }
  check.require("owner_id", owner);
}

const keyOf = (id: ReservationID, check: RequestCheck): ReservationKey => ({
  datasetId: toDatasetKey(check.result(id.datasetId)),
  tagName: id.tagName,
});

/** Reservations serialize the work behind one (dataset, tag): one owner at a time (cache_serialize). */
export class ReservationManager {
  readonly #repos: CatalogRepositories;
  readonly #now: () => number;
  readonly #maxHeartbeatMs: number;
  readonly #grace: number;

  constructor(options: ReservationManagerOptions) {
    this.#repos = options.repositories;
    this.#now = options.now;
    this.#maxHeartbeatMs = options.maxHeartbeatMs ?? DEFAULT_MAX_HEARTBEAT_MS;
    this.#grace = options.graceMultiplier ?? DEFAULT_HEARTBEAT_GRACE_MULTIPLIER;
  }

  /**
   * Takes the reservation when it is free or expired, extends it when `owner_id` holds it, and
   * otherwise answers with the current holder (the caller owns it iff the owner is its own).
   */
  async getOrExtendReservation(req: GetOrExtendReservationRequest): Promise<GetOrExtendReservationResponse> {
    const check = new RequestCheck("GetOrExtendReservation");
    checkReservationId(check, req.reservationId, req.ownerId);
    const asked = req.heartbeatInterval ? durationMs(req.heartbeatInterval) : 0;
    if (asked < 0) check.problem("heartbeat_interval", `heartbeat_interval ${asked} ms is negative`);
    const id = check.result(req.reservationId);
    const heartbeatMs = asked === 0 ? this.#maxHeartbeatMs : Math.min(asked, this.#maxHeartbeatMs);
    const held = await this.#repos.reservations.getOrExtend({
      key: keyOf(id, check),
      ownerId: req.ownerId,
      now: this.#now(),
      ttlMs: heartbeatMs * this.#grace,
    });
    return create(GetOrExtendReservationResponseSchema, {
      reservation: create(ReservationSchema, {
        reservationId: create(ReservationIDSchema, { datasetId: id.datasetId, tagName: id.tagName }),
        ownerId: held.ownerId,
        heartbeatInterval: durationFromMs(heartbeatMs),
        expiresAt: timestampFromMs(held.expiresAt),
      }),
    });
  }

  /** Releases the reservation if `owner_id` holds it; releasing a missing or foreign one succeeds. */
  async releaseReservation(req: ReleaseReservationRequest): Promise<ReleaseReservationResponse> {
    const check = new RequestCheck("ReleaseReservation");
    checkReservationId(check, req.reservationId, req.ownerId);
    const id = check.result(req.reservationId);
    await this.#repos.reservations.release(keyOf(id, check), req.ownerId);
    return create(ReleaseReservationResponseSchema, {});
  }
}
