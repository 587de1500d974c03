import { inTransaction, type Db } from "../transaction.js";
import { alreadyExists, notFound, wasInserted } from "./common.js";
import { findDataset, formatDatasetId, type DatasetId } from "./dataset-repository.js";

export interface TagModel {
  datasetId: DatasetId;
  tagName: string;
  artifactId: string;
  createdAt: number;
}

/**
 * Tags name artifacts of a dataset, keyed as DataCatalog keys them: (dataset, tag name, artifact).
 * A tag name may be added to several artifacts; it resolves to the newest of them (the one tagged
 * last, then the newest artifact).
 */
export interface TagRepository {
  /**
   * `NotFoundError` if the dataset or artifact is missing; `AlreadyExistsError` if this artifact
   * already has this tag.
   */
  add(tag: TagModel): Promise<void>;
  /** The artifact the tag name resolves to; `NotFoundError` (`TagNotFound`) when no artifact has it. */
  resolve(datasetId: DatasetId, tagName: string): Promise<TagModel>;
}

/** The newest (tag, artifact) row of a tag name in a dataset, or undefined. Shared with the artifact repository. */
export async function newestTag(
  db: Db,
  datasetUuid: string,
  tagName: string,
): Promise<{ artifact_id: string; created_at: number } | undefined> {
  return db
    .selectFrom("catalog_tags")
    .innerJoin("artifacts", (j) =>
      j
        .onRef("artifacts.dataset_uuid", "=", "catalog_tags.dataset_uuid")
        .onRef("artifacts.artifact_id", "=", "catalog_tags.artifact_id"),
    )
    .select(["catalog_tags.artifact_id", "catalog_tags.created_at"])
    .where("catalog_tags.dataset_uuid", "=", datasetUuid)
    .where("catalog_tags.tag_name", "=", tagName)
    .orderBy("catalog_tags.created_at", "desc")
    .orderBy("artifacts.created_at", "desc")
    .orderBy("artifacts.artifact_id", "desc")
    .limit(1)
    .executeTakeFirst();
}

export class KyselyTagRepository implements TagRepository {
  private readonly db: Db;
  constructor(options: { db: Db }) {
    this.db = options.db;
  }

  async add(tag: TagModel): Promise<void> {
    await inTransaction(this.db, async (trx) => {
      const ds = await findDataset(trx, tag.datasetId);
      const artifact = await trx
        .selectFrom("artifacts")
        .select("artifact_id")
        .where("dataset_uuid", "=", ds.uuid)
        .where("artifact_id", "=", tag.artifactId)
        .executeTakeFirst();
      if (!artifact) throw notFound("artifact", `${tag.artifactId} in ${formatDatasetId(tag.datasetId)}`);
      const res = await trx
        .insertInto("catalog_tags")
        .values({
          dataset_uuid: ds.uuid,
          tag_name: tag.tagName,
          artifact_id: tag.artifactId,
          created_at: tag.createdAt,
        })
        .onConflict((oc) => oc.columns(["dataset_uuid", "tag_name", "artifact_id"]).doNothing())
        .execute();
      if (!wasInserted(res)) {
        throw alreadyExists(
          "tag",
          `${tag.tagName} in ${formatDatasetId(tag.datasetId)}`,
          `already names artifact ${tag.artifactId}`,
        );
      }
    });
  }

  async resolve(datasetId: DatasetId, tagName: string): Promise<TagModel> {
    const ds = await findDataset(this.db, datasetId);
    const row = await newestTag(this.db, ds.uuid, tagName);
    if (!row) throw notFound("tag", `${tagName} in ${formatDatasetId(datasetId)}`);
    return { datasetId, tagName, artifactId: row.artifact_id, createdAt: row.created_at };
  }
}
