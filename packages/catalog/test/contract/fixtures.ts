import { create } from "@bufbuild/protobuf";
import { literals } from "@flyte-ts/idl";
import type { Literal } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import {
  AddTagRequestSchema,
  ArtifactDataSchema,
  ArtifactSchema,
  CreateArtifactRequestSchema,
  CreateDatasetRequestSchema,
  DatasetIDSchema,
  DatasetSchema,
  FilterExpressionSchema,
  GetArtifactRequestSchema,
  ListArtifactsRequestSchema,
  PaginationOptionsSchema,
  SinglePropertyFilterSchema,
  type DatasetID,
  type SinglePropertyFilter,
} from "@flyte-ts/idl/gen/flyteidl/datacatalog/datacatalog_pb";

export const dsId = (version = "1-abcdefgh-ijklmnop", name = "flyte_task-core.square"): DatasetID =>
  create(DatasetIDSchema, { project: "flytesnacks", domain: "development", name, version });

export const createDatasetReq = (
  id: DatasetID = dsId(),
  partitionKeys: string[] = [],
  meta: Record<string, string> = {},
) =>
  create(CreateDatasetRequestSchema, {
    dataset: create(DatasetSchema, { id, partitionKeys, metadata: { keyMap: meta } }),
  });

export const data = (values: Record<string, Literal>) =>
  Object.entries(values).map(([name, value]) => create(ArtifactDataSchema, { name, value }));

export const createArtifactReq = (
  id: string,
  values: Record<string, Literal> = { o0: literals.integer(1) },
  over: { dataset?: DatasetID; partitions?: { key: string; value: string }[]; meta?: Record<string, string> } = {},
) =>
  create(CreateArtifactRequestSchema, {
    artifact: create(ArtifactSchema, {
      id,
      dataset: over.dataset ?? dsId(),
      data: data(values),
      partitions: over.partitions ?? [],
      metadata: { keyMap: over.meta ?? {} },
    }),
  });

export const addTagReq = (name: string, artifactId: string, dataset: DatasetID = dsId()) =>
  create(AddTagRequestSchema, { tag: { name, artifactId, dataset } });

export const byId = (artifactId: string, dataset: DatasetID = dsId()) =>
  create(GetArtifactRequestSchema, { dataset, queryHandle: { case: "artifactId", value: artifactId } });

export const byTag = (tagName: string, dataset: DatasetID = dsId()) =>
  create(GetArtifactRequestSchema, { dataset, queryHandle: { case: "tagName", value: tagName } });

export const tagFilter = (tagName: string): SinglePropertyFilter =>
  create(SinglePropertyFilterSchema, {
    propertyFilter: { case: "tagFilter", value: { property: { case: "tagName", value: tagName } } },
  });

export const partitionFilter = (key: string, value: string): SinglePropertyFilter =>
  create(SinglePropertyFilterSchema, {
    propertyFilter: { case: "partitionFilter", value: { property: { case: "keyVal", value: { key, value } } } },
  });

export const artifactFilter = (artifactId: string): SinglePropertyFilter =>
  create(SinglePropertyFilterSchema, {
    propertyFilter: { case: "artifactFilter", value: { property: { case: "artifactId", value: artifactId } } },
  });

export const datasetFilter = (
  field: "project" | "name" | "domain" | "version" | "org",
  value: string,
): SinglePropertyFilter =>
  create(SinglePropertyFilterSchema, {
    propertyFilter: { case: "datasetFilter", value: { property: { case: field, value } } },
  });

export const listArtifactsReq = (
  filters: SinglePropertyFilter[] = [],
  page: { limit?: number; token?: string; ascending?: boolean } = {},
  dataset: DatasetID = dsId(),
) =>
  create(ListArtifactsRequestSchema, {
    dataset,
    filter: create(FilterExpressionSchema, { filters }),
    pagination: create(PaginationOptionsSchema, {
      limit: page.limit ?? 0,
      token: page.token ?? "",
      sortOrder: page.ascending ? 1 : 0,
    }),
  });
