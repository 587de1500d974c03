import { randomUUID } from "node:crypto";
import { create } from "@bufbuild/protobuf";
import { durationFromMs, timestampMs } from "@bufbuild/protobuf/wkt";
import { isFlyteError, ErrorStatus } from "@flyte-ts/core";
import {
  cacheKeyString,
  type CacheClient,
  type CacheEntry,
  type CacheKey,
  type CachePutResult,
  type CacheSource,
  type Reservation,
} from "@flyte-ts/engine";
import { LiteralMapSchema, type LiteralMap } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import {
  AddTagRequestSchema,
  ArtifactDataSchema,
  ArtifactSchema,
  CreateArtifactRequestSchema,
  CreateDatasetRequestSchema,
  DatasetIDSchema,
  DatasetSchema,
  GetArtifactRequestSchema,
  GetOrExtendReservationRequestSchema,
  MetadataSchema,
  ReleaseReservationRequestSchema,
  ReservationIDSchema,
  TagSchema,
  UpdateArtifactRequestSchema,
  type Artifact,
  type ArtifactData,
  type DatasetID,
  type Metadata,
} from "@flyte-ts/idl/gen/flyteidl/datacatalog/datacatalog_pb";
import type { CatalogManager } from "./catalog-manager.js";

/** Artifact metadata keys naming the run that produced a cached artifact (as propeller writes them). */
export const SourceMetadataKey = {
  ExecutionName: "execution-name",
  NodeId: "exec-node",
  Attempt: "exec-attempt",
} as const;

const hasStatus = (e: unknown, status: ErrorStatus): boolean => isFlyteError(e) && e.status === status;

export interface CatalogCacheClientOptions {
  catalog: CatalogManager;
}

const datasetIdOf = (key: CacheKey): DatasetID => create(DatasetIDSchema, { ...key.dataset });

/**
 * The engine's task cache on the DataCatalog (propeller's catalog client): the dataset is the
 * task's cache signature (`flyte_task-<name>`, `<cache_version>-<hIn>-<hOut>`), the tag the hash
 * of its inputs, the artifact one run's outputs (one data entry per output). Serialized caching
 * holds the reservation of the same (dataset, tag). Cached outputs persist with the catalog.
 */
export class CatalogCacheClient implements CacheClient {
  readonly #catalog: CatalogManager;
  readonly #watchers = new Map<string, Set<() => void>>();

  constructor(options: CatalogCacheClientOptions) {
    this.#catalog = options.catalog;
  }

  /** GetArtifact by tag; a missing dataset or tag is a miss. */
  async get(key: CacheKey): Promise<CacheEntry | undefined> {
    let artifact: Artifact | undefined;
    try {
      const res = await this.#catalog.getArtifact(
        create(GetArtifactRequestSchema, {
          dataset: datasetIdOf(key),
          queryHandle: { case: "tagName", value: key.tag },
        }),
      );
      artifact = res.artifact;
    } catch (e) {
      if (hasStatus(e, ErrorStatus.NotFound)) return undefined;
      throw e;
    }
    if (!artifact) return undefined;
    const literals: LiteralMap["literals"] = {};
    for (const d of artifact.data) if (d.value) literals[d.name] = d.value;
    const meta = artifact.metadata?.keyMap ?? {};
    return {
      artifactId: artifact.id,
      outputs: create(LiteralMapSchema, { literals }),
      source: {
        executionName: meta[SourceMetadataKey.ExecutionName] ?? "",
        // "node-id"/"attempt": what the server's cache wrote before it moved onto the catalog.
        nodeId: meta[SourceMetadataKey.NodeId] ?? meta["node-id"] ?? "",
        attempt: Number(meta[SourceMetadataKey.Attempt] ?? meta.attempt ?? 0),
      },
      createdAtMs: artifact.createdAt ? timestampMs(artifact.createdAt) : 0,
    };
  }

  /**
   * CreateDataset (existing is fine), then either UpdateArtifact of the tagged artifact
   * (`overwrite`) or CreateArtifact + AddTag. Without `overwrite` an already tagged artifact wins.
   */
  async put(
    key: CacheKey,
    outputs: LiteralMap,
    source: CacheSource,
    options: { overwrite: boolean },
  ): Promise<CachePutResult> {
    const dataset = datasetIdOf(key);
    await this.#catalog
      .createDataset(create(CreateDatasetRequestSchema, { dataset: create(DatasetSchema, { id: dataset }) }))
      .catch((e: unknown) => {
        if (!hasStatus(e, ErrorStatus.AlreadyExists)) throw e;
      });
    const data = Object.entries(outputs.literals).map(([name, value]) => create(ArtifactDataSchema, { name, value }));
    const metadata = create(MetadataSchema, {
      keyMap: {
        [SourceMetadataKey.ExecutionName]: source.executionName,
        [SourceMetadataKey.NodeId]: source.nodeId,
        [SourceMetadataKey.Attempt]: String(source.attempt),
      },
    });
    const result = options.overwrite
      ? await this.#overwrite(dataset, key.tag, data, metadata)
      : await this.#create(dataset, key.tag, data, metadata);
    this.#notify(key);
    return result;
  }

  async #overwrite(dataset: DatasetID, tag: string, data: ArtifactData[], metadata: Metadata): Promise<CachePutResult> {
    try {
      await this.#catalog.updateArtifact(
        create(UpdateArtifactRequestSchema, { dataset, queryHandle: { case: "tagName", value: tag }, data, metadata }),
      );
      return "overwritten";
    } catch (e) {
      if (!hasStatus(e, ErrorStatus.NotFound)) throw e;
    }
    return this.#create(dataset, tag, data, metadata);
  }

  async #create(dataset: DatasetID, tag: string, data: ArtifactData[], metadata: Metadata): Promise<CachePutResult> {
    const tagged = await this.#catalog
      .getArtifact(create(GetArtifactRequestSchema, { dataset, queryHandle: { case: "tagName", value: tag } }))
      .catch((e: unknown) => {
        if (hasStatus(e, ErrorStatus.NotFound)) return undefined;
        throw e;
      });
    if (tagged) return "exists";
    const id = randomUUID();
    await this.#catalog.createArtifact(
      create(CreateArtifactRequestSchema, { artifact: create(ArtifactSchema, { id, dataset, data, metadata }) }),
    );
    try {
      await this.#catalog.addTag(
        create(AddTagRequestSchema, { tag: create(TagSchema, { name: tag, artifactId: id, dataset }) }),
      );
    } catch (e) {
      if (hasStatus(e, ErrorStatus.AlreadyExists)) return "exists";
      throw e;
    }
    return "created";
  }

  async getOrExtendReservation(key: CacheKey, ownerId: string, heartbeatMs: number): Promise<Reservation> {
    const res = await this.#catalog.getOrExtendReservation(
      create(GetOrExtendReservationRequestSchema, {
        reservationId: create(ReservationIDSchema, { datasetId: datasetIdOf(key), tagName: key.tag }),
        ownerId,
        heartbeatInterval: durationFromMs(heartbeatMs),
      }),
    );
    const r = res.reservation;
    return { ownerId: r?.ownerId ?? "", expiresAtMs: r?.expiresAt ? timestampMs(r.expiresAt) : 0 };
  }

  async releaseReservation(key: CacheKey, ownerId: string): Promise<void> {
    await this.#catalog.releaseReservation(
      create(ReleaseReservationRequestSchema, {
        reservationId: create(ReservationIDSchema, { datasetId: datasetIdOf(key), tagName: key.tag }),
        ownerId,
      }),
    );
    this.#notify(key);
  }

  /** In-process wake-ups: the listener runs once, when this client writes the key or releases it. */
  watch(key: CacheKey, listener: () => void): () => void {
    const k = cacheKeyString(key);
    const set = this.#watchers.get(k) ?? new Set<() => void>();
    const once = () => {
      set.delete(once);
      if (set.size === 0) this.#watchers.delete(k);
      listener();
    };
    set.add(once);
    this.#watchers.set(k, set);
    return () => {
      set.delete(once);
      if (set.size === 0) this.#watchers.delete(k);
    };
  }

  #notify(key: CacheKey): void {
    for (const l of [...(this.#watchers.get(cacheKeyString(key)) ?? [])]) l();
  }
}
