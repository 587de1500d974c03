import { inTransaction, type Db } from "../transaction.js";
import { alreadyExists, notFound, wasInserted } from "./common.js";
import { findDataset, formatDatasetId, type DatasetId } from "./dataset-repository.js";

export interface TagModel {
  datasetId: DatasetId;
  tagName: string;
  artifactId: string;
  createdAt: number;
}

/** A tag names one artifact of a dataset; tag names are unique per dataset. */
export interface TagRepository {
  /** `NotFoundError` if the dataset or artifact is missing; `AlreadyExistsError` if the tag exists. */
  add(tag: TagModel): Promise<void>;
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
        .onConflict((oc) => oc.columns(["dataset_uuid", "tag_name"]).doNothing())
        .execute();
      if (!wasInserted(res)) throw alreadyExists("tag", `${tag.tagName} in ${formatDatasetId(tag.datasetId)}`);
    });
  }
}
