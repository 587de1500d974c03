import { create } from "@bufbuild/protobuf";
import type { ArtifactDataModel, ArtifactModel, DatasetId } from "@flyte-ts/admin";
import { AlreadyExistsError, InvalidArgumentError, isFlyteError, SystemError } from "@flyte-ts/core";
import {
  ArtifactDataSchema,
  CreateArtifactResponseSchema,
  GetArtifactResponseSchema,
  ListArtifactsResponseSchema,
  UpdateArtifactResponseSchema,
  type ArtifactData,
  type CreateArtifactRequest,
  type CreateArtifactResponse,
  type GetArtifactRequest,
  type GetArtifactResponse,
  type ListArtifactsRequest,
  type ListArtifactsResponse,
  type UpdateArtifactRequest,
  type UpdateArtifactResponse,
} from "@flyte-ts/idl/gen/flyteidl/datacatalog/datacatalog_pb";
import type { ArtifactDataStore } from "./artifact-data-store.js";
import type { CatalogRepositories } from "./catalog-repositories.js";
import { datasetMatches, nextToken, pageRequest, sortFilters } from "./list-request.js";
import { CatalogErrorCode, RequestCheck } from "./request-check.js";
import { metadataBytes, toArtifact, toDatasetKey } from "./transformers.js";

export interface ArtifactManagerOptions {
  repositories: CatalogRepositories;
  data: ArtifactDataStore;
  now: () => number;
}

/** `artifact_id` or `tag_name` of a Get/UpdateArtifact request. */
type QueryHandle = GetArtifactRequest["queryHandle"];

function checkQueryHandle(check: RequestCheck, q: QueryHandle): void {
  if (q.case === undefined || q.value === "") check.problem("query_handle", "missing artifact_id or tag_name");
}

function checkData(check: RequestCheck, field: string, data: readonly ArtifactData[]): void {
  if (data.length === 0) check.problem(field, `missing ${field}`);
  check.uniqueKeys(
    `${field}.name`,
    data.map((d) => d.name),
  );
  for (const [i, d] of data.entries()) check.require(`${field}[${i}].value`, d.value);
}

/** Artifacts: one set of data values (for the task cache, one cached run's outputs). */
export class ArtifactManager {
  readonly #repos: CatalogRepositories;
  readonly #data: ArtifactDataStore;
  readonly #now: () => number;

  constructor(options: ArtifactManagerOptions) {
    this.#repos = options.repositories;
    this.#data = options.data;
    this.#now = options.now;
  }

  /**
   * Stores the values in blobs, then the artifact row. NOT_FOUND without the dataset,
   * INVALID_ARGUMENT when the partition keys are not the dataset's, ALREADY_EXISTS for a known id.
   * Tags in the request are not added (AddTag does that).
   */
  async createArtifact(req: CreateArtifactRequest): Promise<CreateArtifactResponse> {
    const check = new RequestCheck("CreateArtifact");
    const a = req.artifact;
    if (check.require("artifact", a)) {
      check.datasetId("artifact.dataset", a.dataset);
      check.require("artifact.id", a.id);
      checkData(check, "artifact.data", a.data);
      check.uniqueKeys(
        "artifact.partitions.key",
        a.partitions.map((p) => p.key),
      );
    }
    const artifact = check.result(a);
    const datasetId = toDatasetKey(check.result(artifact.dataset));
    const dataset = await this.#repos.datasets.get(datasetId);
    const expected = [...dataset.partitionKeys].sort().join(",");
    const given = artifact.partitions
      .map((p) => p.key)
      .sort()
      .join(",");
    if (expected !== given) {
      throw new InvalidArgumentError(
        `artifact ${artifact.id} has partition keys [${given}] but dataset ${datasetId.name} expects [${expected}]`,
        { code: "InvalidPartitions", details: { field: "artifact.partitions" } },
      );
    }
    // Refuse a known id before writing values: they would overwrite the existing artifact's.
    const existing = await this.#repos.artifacts.get(datasetId, artifact.id).catch((e: unknown) => {
      if (isFlyteError(e) && e.code === "ArtifactNotFound") return undefined;
      throw e;
    });
    if (existing) {
      throw new AlreadyExistsError(`artifact ${artifact.id} already exists in dataset ${datasetId.name}`, {
        code: "ArtifactAlreadyExists",
        details: { entity: "artifact", id: artifact.id },
      });
    }
    const data = await this.#putData(datasetId, artifact.id, artifact.data);
    await this.#repos.artifacts.create({
      datasetId,
      artifactId: artifact.id,
      data,
      partitions: artifact.partitions.map((p) => ({ key: p.key, value: p.value })),
      metadata: metadataBytes(artifact.metadata),
      createdAt: this.#now(),
    });
    return create(CreateArtifactResponseSchema, {});
  }

  /** By artifact id, or by tag name (the newest artifact having the tag). */
  async getArtifact(req: GetArtifactRequest): Promise<GetArtifactResponse> {
    const check = new RequestCheck("GetArtifact");
    check.datasetId("dataset", req.dataset);
    checkQueryHandle(check, req.queryHandle);
    const dataset = check.result(req.dataset);
    const found = await this.#find(toDatasetKey(dataset), req.queryHandle);
    const uuid = (await this.#repos.datasets.get(found.datasetId)).uuid;
    return create(GetArtifactResponseSchema, { artifact: toArtifact(found, uuid, await this.#readData(found)) });
  }

  /** Filters: tag, partition key/value, artifact id, dataset properties; paged by creation time. */
  async listArtifacts(req: ListArtifactsRequest): Promise<ListArtifactsResponse> {
    const check = new RequestCheck("ListArtifacts");
    check.datasetId("dataset", req.dataset);
    const filters = sortFilters(check, req.filter);
    const page = pageRequest(check, req.pagination);
    const datasetId = toDatasetKey(check.result(req.dataset));
    const dataset = await this.#repos.datasets.get(datasetId);
    const ids = new Set(filters.artifactIds);
    if (!datasetMatches(datasetId, filters.dataset) || ids.size > 1) {
      return create(ListArtifactsResponseSchema, { nextToken: nextToken(page, 0) });
    }
    const [artifactId] = ids;
    const match = artifactId === undefined ? filters.artifact : { ...filters.artifact, artifactId };
    const found = await this.#repos.artifacts.list(datasetId, match, page.options);
    const artifacts = [];
    for (const m of found.items) {
      artifacts.push(toArtifact(m, dataset.uuid, m.data.length === 0 ? [] : await this.#readData(m)));
    }
    return create(ListArtifactsResponseSchema, { artifacts, nextToken: nextToken(page, artifacts.length) });
  }

  /**
   * Replaces the data (values overwritten in place, values no longer named deleted) and the
   * metadata of the artifact named by id or tag. Returns its id.
   */
  async updateArtifact(req: UpdateArtifactRequest): Promise<UpdateArtifactResponse> {
    const check = new RequestCheck("UpdateArtifact");
    check.datasetId("dataset", req.dataset);
    checkQueryHandle(check, req.queryHandle);
    checkData(check, "data", req.data);
    const datasetId = toDatasetKey(check.result(req.dataset));
    const found = await this.#find(datasetId, req.queryHandle);
    const data = await this.#putData(datasetId, found.artifactId, req.data);
    await this.#repos.artifacts.updateData(datasetId, found.artifactId, data, metadataBytes(req.metadata));
    const kept = new Set(data.map((d) => d.location));
    for (const old of found.data) if (!kept.has(old.location)) await this.#data.delete(old.location);
    return create(UpdateArtifactResponseSchema, { artifactId: found.artifactId });
  }

  #find(datasetId: DatasetId, q: QueryHandle): Promise<ArtifactModel> {
    return q.case === "tagName"
      ? this.#repos.artifacts.getByTag(datasetId, q.value)
      : this.#repos.artifacts.get(datasetId, q.value ?? "");
  }

  async #putData(
    datasetId: DatasetId,
    artifactId: string,
    data: readonly ArtifactData[],
  ): Promise<ArtifactDataModel[]> {
    const out: ArtifactDataModel[] = [];
    for (const d of data) {
      if (!d.value) continue; // checked by the callers
      out.push({ name: d.name, location: await this.#data.put(datasetId, artifactId, d.name, d.value) });
    }
    return out;
  }

  async #readData(m: ArtifactModel): Promise<ArtifactData[]> {
    if (m.data.length === 0) {
      throw new SystemError(CatalogErrorCode.ArtifactWithoutData, `artifact ${m.artifactId} has no data`, {
        retryable: false,
        details: { artifactId: m.artifactId },
      });
    }
    const out: ArtifactData[] = [];
    for (const d of m.data)
      out.push(create(ArtifactDataSchema, { name: d.name, value: await this.#data.get(d.location) }));
    return out;
  }
}
