import { randomUUID } from "node:crypto";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import type { Repositories } from "@flyte-ts/admin";
import { isFlyteError } from "@flyte-ts/core";
import type { CacheClient, CacheEntry, CacheKey, CachePutResult, CacheSource, Reservation } from "@flyte-ts/engine";
import { MetadataSchema } from "@flyte-ts/idl/gen/flyteidl/datacatalog/datacatalog_pb";
import { LiteralMapSchema, LiteralSchema, type LiteralMap } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { joinUri, readProto, writeProto, type BlobStore } from "@flyte-ts/storage";

/** Reservations expire after heartbeat × this without extension (DataCatalog's default). */
const GRACE = 3;

const isStatus = (e: unknown, status: string): boolean => isFlyteError(e) && e.status === status;

/**
 * The engine's memoization on the control plane's catalog tables (DataCatalog's model): a dataset
 * per task signature, an artifact per cached run whose data entries point at one blob per output
 * literal, a tag per input hash naming the artifact, reservations for serialized caching. Cached
 * outputs survive restarts of `flyte start`.
 */
export class CatalogCacheClient implements CacheClient {
  readonly #repos: Repositories;
  readonly #blobs: BlobStore;
  readonly #prefix: string;
  readonly #now: () => number;
  readonly #watchers = new Map<string, Set<() => void>>();

  /** `prefix`: where output literals are stored (`<prefix>/<dataset uuid>/<artifact>/<output>.pb`). */
  constructor(options: { repositories: Repositories; blobs: BlobStore; prefix: string; now?: () => number }) {
    this.#repos = options.repositories;
    this.#blobs = options.blobs;
    this.#prefix = options.prefix;
    this.#now = options.now ?? Date.now;
  }

  async get(key: CacheKey): Promise<CacheEntry | undefined> {
    let artifact;
    try {
      artifact = await this.#repos.artifacts.getByTag({ ...key.dataset }, key.tag);
    } catch (e) {
      if (isStatus(e, "not_found")) return undefined;
      throw e;
    }
    const literals: LiteralMap["literals"] = {};
    for (const d of artifact.data) literals[d.name] = await readProto(this.#blobs, d.location, LiteralSchema);
    const meta = artifact.metadata ? fromBinary(MetadataSchema, artifact.metadata).keyMap : {};
    return {
      artifactId: artifact.artifactId,
      outputs: create(LiteralMapSchema, { literals }),
      source: {
        executionName: meta["execution-name"] ?? "",
        nodeId: meta["node-id"] ?? "",
        attempt: Number(meta.attempt ?? 0),
      },
      createdAtMs: artifact.createdAt,
    };
  }

  async put(
    key: CacheKey,
    outputs: LiteralMap,
    source: CacheSource,
    options: { overwrite: boolean },
  ): Promise<CachePutResult> {
    const datasetId = { ...key.dataset };
    const now = this.#now();
    try {
      await this.#repos.datasets.create({
        id: datasetId,
        uuid: randomUUID(),
        metadata: null,
        partitionKeys: [],
        createdAt: now,
      });
    } catch (e) {
      if (!isStatus(e, "already_exists")) throw e;
    }
    const dataset = await this.#repos.datasets.get(datasetId);
    const artifactId = randomUUID();
    const data = [];
    for (const [name, literal] of Object.entries(outputs.literals)) {
      const location = joinUri(this.#prefix, dataset.uuid, artifactId, `${name}.pb`);
      await writeProto(this.#blobs, location, LiteralSchema, literal);
      data.push({ name, location });
    }
    const metadata = toBinary(
      MetadataSchema,
      create(MetadataSchema, {
        keyMap: { "execution-name": source.executionName, "node-id": source.nodeId, attempt: String(source.attempt) },
      }),
    );
    await this.#repos.artifacts.create({ datasetId, artifactId, data, partitions: [], metadata, createdAt: now });
    let result: CachePutResult = "created";
    try {
      await this.#repos.tags.add({ datasetId, tagName: key.tag, artifactId, createdAt: now });
    } catch (e) {
      if (!isStatus(e, "already_exists")) throw e;
      if (!options.overwrite) return "exists";
      const tagged = await this.#repos.artifacts.getByTag(datasetId, key.tag);
      await this.#repos.artifacts.updateData(datasetId, tagged.artifactId, data);
      result = "overwritten";
    }
    this.#notify(key);
    return result;
  }

  async getOrExtendReservation(key: CacheKey, ownerId: string, heartbeatMs: number): Promise<Reservation> {
    const r = await this.#repos.reservations.getOrExtend({
      key: { datasetId: { ...key.dataset }, tagName: key.tag },
      ownerId,
      now: this.#now(),
      ttlMs: heartbeatMs * GRACE,
    });
    return { ownerId: r.ownerId, expiresAtMs: r.expiresAt };
  }

  async releaseReservation(key: CacheKey, ownerId: string): Promise<void> {
    await this.#repos.reservations.release({ datasetId: { ...key.dataset }, tagName: key.tag }, ownerId);
    this.#notify(key);
  }

  watch(key: CacheKey, listener: () => void): () => void {
    const k = keyString(key);
    const set = this.#watchers.get(k) ?? new Set<() => void>();
    const once = () => {
      set.delete(once);
      listener();
    };
    set.add(once);
    this.#watchers.set(k, set);
    return () => set.delete(once);
  }

  #notify(key: CacheKey): void {
    for (const l of [...(this.#watchers.get(keyString(key)) ?? [])]) l();
  }
}

const keyString = (k: CacheKey): string =>
  `${k.dataset.project}/${k.dataset.domain}/${k.dataset.name}/${k.dataset.version}/${k.tag}`;
