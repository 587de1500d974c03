import type { ReservationsTable } from "../schema.js";
import { inTransaction, type Db } from "../transaction.js";
import { wasInserted } from "./common.js";
import type { DatasetId } from "./dataset-repository.js";

export interface ReservationKey {
  datasetId: DatasetId;
  tagName: string;
}

export interface ReservationModel {
  key: ReservationKey;
  ownerId: string;
  expiresAt: number;
}

export interface ReservationRequest {
  key: ReservationKey;
  ownerId: string;
  now: number;
  /** How long the reservation lasts from `now` (heartbeat interval × grace multiplier). */
  ttlMs: number;
}

/**
 * Cache-serialize reservations (brief §6.4): at most one owner per (dataset, tag) at a time.
 */
export interface ReservationRepository {
  /**
   * Acquires the reservation when it is free or expired, extends it when `ownerId` already holds
   * it, and otherwise returns the current holder unchanged. The caller owns it iff the returned
   * `ownerId` equals its own.
   */
  getOrExtend(request: ReservationRequest): Promise<ReservationModel>;
  /** Deletes the reservation only if `ownerId` holds it; a missing one is fine. */
  release(key: ReservationKey, ownerId: string): Promise<void>;
}

const fromRow = (r: ReservationsTable): ReservationModel => ({
  key: {
    datasetId: {
      project: r.dataset_project,
      name: r.dataset_name,
      domain: r.dataset_domain,
      version: r.dataset_version,
    },
    tagName: r.tag_name,
  },
  ownerId: r.owner_id,
  expiresAt: r.expires_at,
});

export class KyselyReservationRepository implements ReservationRepository {
  private readonly db: Db;
  constructor(options: { db: Db }) {
    this.db = options.db;
  }

  private where(db: Db, key: ReservationKey) {
    return db
      .selectFrom("reservations")
      .selectAll()
      .where("dataset_project", "=", key.datasetId.project)
      .where("dataset_name", "=", key.datasetId.name)
      .where("dataset_domain", "=", key.datasetId.domain)
      .where("dataset_version", "=", key.datasetId.version)
      .where("tag_name", "=", key.tagName);
  }

  async getOrExtend(req: ReservationRequest): Promise<ReservationModel> {
    const { key } = req;
    const expiresAt = req.now + req.ttlMs;
    return inTransaction(this.db, async (trx) => {
      const current = await this.where(trx, key).executeTakeFirst();
      if (!current) {
        const res = await trx
          .insertInto("reservations")
          .values({
            dataset_project: key.datasetId.project,
            dataset_name: key.datasetId.name,
            dataset_domain: key.datasetId.domain,
            dataset_version: key.datasetId.version,
            tag_name: key.tagName,
            owner_id: req.ownerId,
            expires_at: expiresAt,
            created_at: req.now,
            updated_at: req.now,
          })
          .onConflict((oc) =>
            oc
              .columns(["dataset_project", "dataset_name", "dataset_domain", "dataset_version", "tag_name"])
              .doNothing(),
          )
          .execute();
        if (wasInserted(res)) return { key, ownerId: req.ownerId, expiresAt };
        // Lost a creation race: report whoever won.
        return fromRow(await this.where(trx, key).executeTakeFirstOrThrow());
      }
      if (current.owner_id !== req.ownerId && current.expires_at > req.now) return fromRow(current);
      // Free to take (expired) or ours to extend; guard on what we read so a racing writer wins cleanly.
      const res = await trx
        .updateTable("reservations")
        .set({ owner_id: req.ownerId, expires_at: expiresAt, updated_at: req.now })
        .where("dataset_project", "=", key.datasetId.project)
        .where("dataset_name", "=", key.datasetId.name)
        .where("dataset_domain", "=", key.datasetId.domain)
        .where("dataset_version", "=", key.datasetId.version)
        .where("tag_name", "=", key.tagName)
        .where("owner_id", "=", current.owner_id)
        .where("expires_at", "=", current.expires_at)
        .executeTakeFirst();
      if (res.numUpdatedRows > 0n) return { key, ownerId: req.ownerId, expiresAt };
      return fromRow(await this.where(trx, key).executeTakeFirstOrThrow());
    });
  }

  async release(key: ReservationKey, ownerId: string): Promise<void> {
    await this.db
      .deleteFrom("reservations")
      .where("dataset_project", "=", key.datasetId.project)
      .where("dataset_name", "=", key.datasetId.name)
      .where("dataset_domain", "=", key.datasetId.domain)
      .where("dataset_version", "=", key.datasetId.version)
      .where("tag_name", "=", key.tagName)
      .where("owner_id", "=", ownerId)
      .execute();
  }
}
