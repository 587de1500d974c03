import { InvalidArgumentError } from "@flyte-ts/core";
import { fromDbBytes, toDbBytesOrNull } from "../bytes.js";
import { applyListOptions, toPage, type ListOptions, type Page } from "../filters/list-query.js";
import { col, TIMESTAMP, type ListSpec } from "../filters/list-spec.js";
import type { ArtifactsTable } from "../schema.js";
import { inTransaction, type Db } from "../transaction.js";
import { alreadyExists, notFound, wasInserted } from "./common.js";
import { findDataset, formatDatasetId, type DatasetId } from "./dataset-repository.js";
import { newestTag } from "./tag-repository.js";

export interface ArtifactData {
  name: string;
  /** Where the `core.Literal` value is stored (blob URI). */
  location: string;
}

export interface Partition {
  key: string;
  value: string;
}

export interface ArtifactModel {
  datasetId: DatasetId;
  artifactId: string;
  data: ArtifactData[];
  partitions: Partition[];
  /** Tag names pointing at this artifact (read only; add them with the tag repository). */
  tags: string[];
  /** `datacatalog.Metadata` bytes. */
  metadata: Uint8Array | null;
  createdAt: number;
}

export type NewArtifact = Omit<ArtifactModel, "tags">;

/** What `list` keeps: every condition given must hold. */
export interface ArtifactMatch {
  /** All of these partition values. */
  partitions?: Partition[];
  /** Artifacts having every one of these tag names (any such artifact, not only the newest). */
  tagNames?: string[];
  artifactId?: string;
}

export interface ArtifactRepository {
  /**
   * Creates the artifact with its data and partitions in one transaction. `NotFoundError` if the
   * dataset is missing, `InvalidArgumentError` if the partition keys differ from the dataset's,
   * `AlreadyExistsError` if the artifact id exists.
   */
  create(artifact: NewArtifact): Promise<void>;
  get(datasetId: DatasetId, artifactId: string): Promise<ArtifactModel>;
  /** The artifact the tag name resolves to: the newest one having it. */
  getByTag(datasetId: DatasetId, tagName: string): Promise<ArtifactModel>;
  /** Artifacts of a dataset matching `match`; newest first by default. */
  list(datasetId: DatasetId, match: ArtifactMatch, options: ListOptions): Promise<Page<ArtifactModel>>;
  /**
   * Replaces the artifact's data entries, and its metadata too when `metadata` is given (null
   * clears it). `NotFoundError` when the artifact is missing.
   */
  updateData(
    datasetId: DatasetId,
    artifactId: string,
    data: ArtifactData[],
    metadata?: Uint8Array | null,
  ): Promise<void>;
}

export const ARTIFACT_LIST_SPEC: ListSpec = {
  entity: "artifact",
  columns: { artifact_id: col("artifact_id"), created_at: col("created_at", TIMESTAMP) },
  defaultSort: { key: "created_at", direction: "DESCENDING" },
  tieBreak: ["artifact_id"],
};

function checkPartitions(keys: readonly string[], partitions: readonly Partition[], what: string): void {
  const given = [...partitions.map((p) => p.key)].sort();
  const expected = [...keys].sort();
  if (given.length !== expected.length || given.some((k, i) => k !== expected[i])) {
    throw new InvalidArgumentError(
      `artifact ${what} has partition keys [${given.join(", ")}] but its dataset expects [${expected.join(", ")}]`,
      { code: "InvalidPartitions", details: { field: "partitions" } },
    );
  }
}

export class KyselyArtifactRepository implements ArtifactRepository {
  private readonly db: Db;
  constructor(options: { db: Db }) {
    this.db = options.db;
  }

  async create(a: NewArtifact): Promise<void> {
    await inTransaction(this.db, async (trx) => {
      const ds = await findDataset(trx, a.datasetId);
      checkPartitions(ds.partitionKeys, a.partitions, a.artifactId);
      const res = await trx
        .insertInto("artifacts")
        .values({
          dataset_uuid: ds.uuid,
          artifact_id: a.artifactId,
          metadata: toDbBytesOrNull(a.metadata),
          created_at: a.createdAt,
        })
        .onConflict((oc) => oc.columns(["dataset_uuid", "artifact_id"]).doNothing())
        .execute();
      if (!wasInserted(res)) throw alreadyExists("artifact", `${a.artifactId} in ${formatDatasetId(a.datasetId)}`);
      if (a.data.length > 0) {
        await trx
          .insertInto("artifact_data")
          .values(
            a.data.map((d) => ({
              dataset_uuid: ds.uuid,
              artifact_id: a.artifactId,
              name: d.name,
              location: d.location,
            })),
          )
          .execute();
      }
      if (a.partitions.length > 0) {
        await trx
          .insertInto("partitions")
          .values(
            a.partitions.map((p) => ({ dataset_uuid: ds.uuid, artifact_id: a.artifactId, key: p.key, value: p.value })),
          )
          .execute();
      }
    });
  }

  async get(datasetId: DatasetId, artifactId: string): Promise<ArtifactModel> {
    const ds = await findDataset(this.db, datasetId);
    const row = await this.db
      .selectFrom("artifacts")
      .selectAll()
      .where("dataset_uuid", "=", ds.uuid)
      .where("artifact_id", "=", artifactId)
      .executeTakeFirst();
    if (!row) throw notFound("artifact", `${artifactId} in ${formatDatasetId(datasetId)}`);
    const [one] = await this.hydrate(datasetId, [row]);
    if (!one) throw notFound("artifact", artifactId);
    return one;
  }

  async getByTag(datasetId: DatasetId, tagName: string): Promise<ArtifactModel> {
    const ds = await findDataset(this.db, datasetId);
    const tag = await newestTag(this.db, ds.uuid, tagName);
    if (!tag) throw notFound("tag", `${tagName} in ${formatDatasetId(datasetId)}`);
    return this.get(datasetId, tag.artifact_id);
  }

  async list(datasetId: DatasetId, match: ArtifactMatch, options: ListOptions): Promise<Page<ArtifactModel>> {
    const ds = await findDataset(this.db, datasetId);
    let base = this.db.selectFrom("artifacts").selectAll().where("dataset_uuid", "=", ds.uuid);
    if (match.artifactId !== undefined) base = base.where("artifacts.artifact_id", "=", match.artifactId);
    for (const tagName of match.tagNames ?? []) {
      base = base.where((eb) =>
        eb.exists(
          eb
            .selectFrom("catalog_tags")
            .select("catalog_tags.tag_name")
            .whereRef("catalog_tags.dataset_uuid", "=", "artifacts.dataset_uuid")
            .whereRef("catalog_tags.artifact_id", "=", "artifacts.artifact_id")
            .where("catalog_tags.tag_name", "=", tagName),
        ),
      );
    }
    for (const p of match.partitions ?? []) {
      base = base.where((eb) =>
        eb.exists(
          eb
            .selectFrom("partitions")
            .select("partitions.key")
            .whereRef("partitions.dataset_uuid", "=", "artifacts.dataset_uuid")
            .whereRef("partitions.artifact_id", "=", "artifacts.artifact_id")
            .where("partitions.key", "=", p.key)
            .where("partitions.value", "=", p.value),
        ),
      );
    }
    const { query, ...window } = applyListOptions(base, ARTIFACT_LIST_SPEC, options);
    const rows = await query.execute();
    const items = await this.hydrate(datasetId, rows);
    return toPage(items, window, (x) => x);
  }

  async updateData(
    datasetId: DatasetId,
    artifactId: string,
    data: ArtifactData[],
    metadata?: Uint8Array | null,
  ): Promise<void> {
    await inTransaction(this.db, async (trx) => {
      const ds = await findDataset(trx, datasetId);
      const exists = await trx
        .selectFrom("artifacts")
        .select("artifact_id")
        .where("dataset_uuid", "=", ds.uuid)
        .where("artifact_id", "=", artifactId)
        .executeTakeFirst();
      if (!exists) throw notFound("artifact", `${artifactId} in ${formatDatasetId(datasetId)}`);
      await trx
        .deleteFrom("artifact_data")
        .where("dataset_uuid", "=", ds.uuid)
        .where("artifact_id", "=", artifactId)
        .execute();
      if (metadata !== undefined) {
        await trx
          .updateTable("artifacts")
          .set({ metadata: toDbBytesOrNull(metadata) })
          .where("dataset_uuid", "=", ds.uuid)
          .where("artifact_id", "=", artifactId)
          .execute();
      }
      if (data.length > 0) {
        await trx
          .insertInto("artifact_data")
          .values(
            data.map((d) => ({ dataset_uuid: ds.uuid, artifact_id: artifactId, name: d.name, location: d.location })),
          )
          .execute();
      }
    });
  }

  /** Adds data, partitions and tags to artifact rows (three queries per page). */
  private async hydrate(datasetId: DatasetId, rows: readonly ArtifactsTable[]): Promise<ArtifactModel[]> {
    const first = rows[0];
    if (!first) return [];
    const uuid = first.dataset_uuid;
    const ids = rows.map((r) => r.artifact_id);
    const [data, parts, tags] = await Promise.all([
      this.db
        .selectFrom("artifact_data")
        .selectAll()
        .where("dataset_uuid", "=", uuid)
        .where("artifact_id", "in", ids)
        .orderBy("name")
        .execute(),
      this.db
        .selectFrom("partitions")
        .selectAll()
        .where("dataset_uuid", "=", uuid)
        .where("artifact_id", "in", ids)
        .orderBy("key")
        .execute(),
      this.db
        .selectFrom("catalog_tags")
        .selectAll()
        .where("dataset_uuid", "=", uuid)
        .where("artifact_id", "in", ids)
        .orderBy("tag_name")
        .execute(),
    ]);
    return rows.map((r) => ({
      datasetId,
      artifactId: r.artifact_id,
      data: data.filter((d) => d.artifact_id === r.artifact_id).map((d) => ({ name: d.name, location: d.location })),
      partitions: parts.filter((p) => p.artifact_id === r.artifact_id).map((p) => ({ key: p.key, value: p.value })),
      tags: tags.filter((t) => t.artifact_id === r.artifact_id).map((t) => t.tag_name),
      metadata: r.metadata === null ? null : fromDbBytes(r.metadata),
      createdAt: r.created_at,
    }));
  }
}
