import { SystemError } from "@flyte-ts/core";
import { fromDbBytes, toDbBytesOrNull } from "../bytes.js";
import { applyListOptions, toPage, type ListOptions, type Page } from "../filters/list-query.js";
import { col, TIMESTAMP, type ListSpec } from "../filters/list-spec.js";
import type { DatasetsTable } from "../schema.js";
import type { Db } from "../transaction.js";
import { alreadyExists, notFound, wasInserted } from "./common.js";

/** DataCatalog's dataset id (note the field order: project, name, domain, version). */
export interface DatasetId {
  project: string;
  name: string;
  domain: string;
  version: string;
}

export interface DatasetModel {
  id: DatasetId;
  uuid: string;
  /** `datacatalog.Metadata` bytes. */
  metadata: Uint8Array | null;
  partitionKeys: string[];
  createdAt: number;
}

export interface DatasetRepository {
  /** `AlreadyExistsError` when the id exists. */
  create(dataset: DatasetModel): Promise<void>;
  get(id: DatasetId): Promise<DatasetModel>;
  list(options: ListOptions): Promise<Page<DatasetModel>>;
}

export const DATASET_LIST_SPEC: ListSpec = {
  entity: "dataset",
  columns: {
    project: col("project"),
    name: col("name"),
    domain: col("domain"),
    version: col("version"),
    uuid: col("uuid"),
    created_at: col("created_at", TIMESTAMP),
  },
  defaultSort: { key: "created_at", direction: "DESCENDING" },
  tieBreak: ["project", "name", "domain", "version"],
};

export const formatDatasetId = (id: DatasetId): string => `${id.project}/${id.domain}/${id.name}@${id.version}`;

function parseKeys(json: string): string[] {
  const v: unknown = json === "" ? [] : JSON.parse(json);
  if (!Array.isArray(v) || !v.every((k) => typeof k === "string")) {
    throw new SystemError("CorruptDatasetRow", `dataset partition keys are not a list of strings: ${json}`, {
      retryable: false,
    });
  }
  return v;
}

const fromRow = (r: DatasetsTable): DatasetModel => ({
  id: { project: r.project, name: r.name, domain: r.domain, version: r.version },
  uuid: r.uuid,
  metadata: r.metadata === null ? null : fromDbBytes(r.metadata),
  partitionKeys: parseKeys(r.partition_keys),
  createdAt: r.created_at,
});

/** The dataset's row; `NotFoundError` when it does not exist. Shared by the catalog repositories. */
export async function findDataset(db: Db, id: DatasetId): Promise<DatasetModel> {
  const row = await db
    .selectFrom("datasets")
    .selectAll()
    .where("project", "=", id.project)
    .where("name", "=", id.name)
    .where("domain", "=", id.domain)
    .where("version", "=", id.version)
    .executeTakeFirst();
  if (!row) throw notFound("dataset", formatDatasetId(id));
  return fromRow(row);
}

export class KyselyDatasetRepository implements DatasetRepository {
  private readonly db: Db;
  constructor(options: { db: Db }) {
    this.db = options.db;
  }

  async create(d: DatasetModel): Promise<void> {
    const res = await this.db
      .insertInto("datasets")
      .values({
        ...d.id,
        uuid: d.uuid,
        metadata: toDbBytesOrNull(d.metadata),
        partition_keys: JSON.stringify(d.partitionKeys),
        created_at: d.createdAt,
      })
      .onConflict((oc) => oc.columns(["project", "name", "domain", "version"]).doNothing())
      .execute();
    if (!wasInserted(res)) throw alreadyExists("dataset", formatDatasetId(d.id));
  }

  get(id: DatasetId): Promise<DatasetModel> {
    return findDataset(this.db, id);
  }

  async list(options: ListOptions): Promise<Page<DatasetModel>> {
    const { query, ...window } = applyListOptions(
      this.db.selectFrom("datasets").selectAll(),
      DATASET_LIST_SPEC,
      options,
    );
    return toPage(await query.execute(), window, fromRow);
  }
}
