import type { LiteralMap } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { cacheKeyString, type CacheKey } from "./cache-key.js";

/** Who produced a cached artifact (lineage, reported as `source_task_execution`). */
export interface CacheSource {
  readonly executionName: string;
  readonly nodeId: string;
  readonly attempt: number;
}

export interface CacheEntry {
  readonly artifactId: string;
  readonly outputs: LiteralMap;
  readonly source: CacheSource;
  readonly createdAtMs: number;
}

export type CachePutResult = "created" | "exists" | "overwritten";

export interface Reservation {
  readonly ownerId: string;
  readonly expiresAtMs: number;
}

/**
 * Memoization of task outputs (DataCatalog's role): lookup by key, put, overwrite, and
 * reservations for serialized caching. The control plane's catalog implements it later.
 */
export interface CacheClient {
  get(key: CacheKey): Promise<CacheEntry | undefined>;
  /** `overwrite` replaces the tagged artifact (`overwrite_cache`); otherwise an existing tag wins. */
  put(
    key: CacheKey,
    outputs: LiteralMap,
    source: CacheSource,
    options: { overwrite: boolean },
  ): Promise<CachePutResult>;
  /** Takes the reservation when free, expired or already ours; else returns the current holder. */
  getOrExtendReservation(key: CacheKey, ownerId: string, heartbeatMs: number): Promise<Reservation>;
  /** Releases only when `ownerId` holds it; missing is success. */
  releaseReservation(key: CacheKey, ownerId: string): Promise<void>;
  /** Calls `listener` once when the key is written or its reservation released. */
  watch?(key: CacheKey, listener: () => void): () => void;
}

export interface MemoryCacheClientOptions {
  readonly now?: () => number;
  /** Reservations expire after heartbeat × this multiplier without extension (DataCatalog: 3). */
  readonly graceMultiplier?: number;
}

/** `CacheClient` in memory, with DataCatalog's tag and reservation rules. */
export class MemoryCacheClient implements CacheClient {
  readonly #entries = new Map<string, CacheEntry>();
  readonly #reservations = new Map<string, Reservation>();
  readonly #watchers = new Map<string, Set<() => void>>();
  readonly #now: () => number;
  readonly #grace: number;
  #nextId = 1;

  constructor(options: MemoryCacheClientOptions = {}) {
    this.#now = options.now ?? Date.now;
    this.#grace = options.graceMultiplier ?? 3;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(key: CacheKey): Promise<CacheEntry | undefined> {
    return Promise.resolve(this.#entries.get(cacheKeyString(key)));
  }

  put(
    key: CacheKey,
    outputs: LiteralMap,
    source: CacheSource,
    options: { overwrite: boolean },
  ): Promise<CachePutResult> {
    const k = cacheKeyString(key);
    const existing = this.#entries.get(k);
    if (existing && !options.overwrite) return Promise.resolve("exists");
    this.#entries.set(k, { artifactId: `artifact-${this.#nextId++}`, outputs, source, createdAtMs: this.#now() });
    this.#notify(k);
    return Promise.resolve(existing ? "overwritten" : "created");
  }

  /** Drops an entry (eviction), for tests and the control plane. */
  evict(key: CacheKey): boolean {
    return this.#entries.delete(cacheKeyString(key));
  }

  getOrExtendReservation(key: CacheKey, ownerId: string, heartbeatMs: number): Promise<Reservation> {
    const k = cacheKeyString(key);
    const now = this.#now();
    const current = this.#reservations.get(k);
    if (!current || current.ownerId === ownerId || current.expiresAtMs <= now) {
      const taken = { ownerId, expiresAtMs: now + heartbeatMs * this.#grace };
      this.#reservations.set(k, taken);
      return Promise.resolve(taken);
    }
    return Promise.resolve(current);
  }

  releaseReservation(key: CacheKey, ownerId: string): Promise<void> {
    const k = cacheKeyString(key);
    if (this.#reservations.get(k)?.ownerId === ownerId) {
      this.#reservations.delete(k);
      this.#notify(k);
    }
    return Promise.resolve();
  }

  watch(key: CacheKey, listener: () => void): () => void {
    const k = cacheKeyString(key);
    let set = this.#watchers.get(k);
    if (!set) this.#watchers.set(k, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  #notify(k: string): void {
    const set = this.#watchers.get(k);
    if (!set) return;
    this.#watchers.delete(k);
    for (const l of set) l();
  }
}
