import { randomUUID } from "node:crypto";
import { create } from "@bufbuild/protobuf";
import {
  CreateDatasetResponseSchema,
  GetDatasetResponseSchema,
  ListDatasetsResponseSchema,
  type CreateDatasetRequest,
  type CreateDatasetResponse,
  type GetDatasetRequest,
  type GetDatasetResponse,
  type ListDatasetsRequest,
  type ListDatasetsResponse,
} from "@flyte-ts/idl/gen/flyteidl/datacatalog/datacatalog_pb";
import type { CatalogRepositories } from "./catalog-repositories.js";
import { datasetTerms, nextToken, pageRequest, sortFilters } from "./list-request.js";
import { RequestCheck } from "./request-check.js";
import { metadataBytes, toDataset, toDatasetKey } from "./transformers.js";

export interface DatasetManagerOptions {
  repositories: CatalogRepositories;
  now: () => number;
}

/** Datasets: a logical group of artifacts (for the task cache, one per task signature). */
export class DatasetManager {
  readonly #repos: CatalogRepositories;
  readonly #now: () => number;

  constructor(options: DatasetManagerOptions) {
    this.#repos = options.repositories;
    this.#now = options.now;
  }

  /** ALREADY_EXISTS when a dataset with the same project, domain, name and version exists. */
  async createDataset(req: CreateDatasetRequest): Promise<CreateDatasetResponse> {
    const check = new RequestCheck("CreateDataset");
    if (check.require("dataset", req.dataset)) {
      check.datasetId("dataset.id", req.dataset.id);
      check.uniqueKeys("dataset.partition_keys", req.dataset.partitionKeys);
    }
    const d = check.result(req.dataset);
    await this.#repos.datasets.create({
      id: toDatasetKey(check.result(d.id)),
      uuid: randomUUID(),
      metadata: metadataBytes(d.metadata),
      partitionKeys: [...d.partitionKeys],
      createdAt: this.#now(),
    });
    return create(CreateDatasetResponseSchema, {});
  }

  async getDataset(req: GetDatasetRequest): Promise<GetDatasetResponse> {
    const check = new RequestCheck("GetDataset");
    check.datasetId("dataset", req.dataset);
    const model = await this.#repos.datasets.get(toDatasetKey(check.result(req.dataset)));
    return create(GetDatasetResponseSchema, { dataset: toDataset(model) });
  }

  /** Filters on dataset properties only (project, name, domain, version, org). */
  async listDatasets(req: ListDatasetsRequest): Promise<ListDatasetsResponse> {
    const check = new RequestCheck("ListDatasets");
    for (const [i, f] of (req.filter?.filters ?? []).entries()) {
      const kind = f.propertyFilter.case;
      if (kind !== undefined && kind !== "datasetFilter") {
        check.problem(
          `filter.filters[${i}]`,
          `filter.filters[${i}] is a ${kind}; datasets filter on dataset properties`,
        );
      }
    }
    const filters = sortFilters(check, req.filter);
    const page = pageRequest(check, req.pagination);
    check.throwIfAny();
    const terms = datasetTerms(filters.dataset);
    if (terms === undefined) return create(ListDatasetsResponseSchema, { nextToken: nextToken(page, 0) });
    const found = await this.#repos.datasets.list({ ...page.options, filters: terms });
    return create(ListDatasetsResponseSchema, {
      datasets: found.items.map(toDataset),
      nextToken: nextToken(page, found.items.length),
    });
  }
}
