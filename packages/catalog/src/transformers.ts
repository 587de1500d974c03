import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import type { ArtifactModel, DatasetId, DatasetModel } from "@flyte-ts/admin";
import {
  ArtifactSchema,
  DatasetIDSchema,
  DatasetSchema,
  MetadataSchema,
  PartitionSchema,
  TagSchema,
  type Artifact,
  type ArtifactData,
  type Dataset,
  type DatasetID,
  type Metadata,
} from "@flyte-ts/idl/gen/flyteidl/datacatalog/datacatalog_pb";

/** The stored key of a dataset id (UUID and org are not part of it). */
export const toDatasetKey = (id: DatasetID): DatasetId => ({
  project: id.project,
  name: id.name,
  domain: id.domain,
  version: id.version,
});

export const toDatasetId = (key: DatasetId, uuid = ""): DatasetID => create(DatasetIDSchema, { ...key, UUID: uuid });

/** `Metadata` as stored: its bytes, or null when the request had none. */
export const metadataBytes = (m: Metadata | undefined): Uint8Array | null =>
  m === undefined ? null : toBinary(MetadataSchema, m);

export const metadataOf = (bytes: Uint8Array | null): Metadata | undefined =>
  bytes === null ? undefined : fromBinary(MetadataSchema, bytes);

export function toDataset(m: DatasetModel): Dataset {
  const metadata = metadataOf(m.metadata);
  return create(DatasetSchema, {
    id: toDatasetId(m.id, m.uuid),
    partitionKeys: m.partitionKeys,
    ...(metadata ? { metadata } : {}),
  });
}

/** The wire artifact of a stored one, with its data values already read. */
export function toArtifact(m: ArtifactModel, datasetUuid: string, data: ArtifactData[]): Artifact {
  const dataset = toDatasetId(m.datasetId, datasetUuid);
  const metadata = metadataOf(m.metadata);
  return create(ArtifactSchema, {
    id: m.artifactId,
    dataset,
    data,
    partitions: m.partitions.map((p) => create(PartitionSchema, p)),
    tags: m.tags.map((name) => create(TagSchema, { name, artifactId: m.artifactId, dataset })),
    createdAt: timestampFromMs(m.createdAt),
    ...(metadata ? { metadata } : {}),
  });
}
