import type { BlobStore } from "./blob-store.js";
import { RoutingStore } from "./routing-store.js";
import { FileStore } from "./stores/file.js";
import type { FileStoreOptions } from "./stores/file.js";
import { MemoryStore } from "./stores/memory.js";
import type { MemoryStoreOptions } from "./stores/memory.js";
import { S3Store } from "./stores/s3.js";
import type { S3StoreOptions } from "./stores/s3.js";

/** Configuration of one store; `kind` picks the backend and must match the root's scheme. */
export type StoreConfig =
  | ({ readonly kind: "file" } & FileStoreOptions)
  | ({ readonly kind: "memory" } & MemoryStoreOptions)
  | ({ readonly kind: "s3" } & S3StoreOptions);

export type StoreKind = StoreConfig["kind"];

type StoreFactories = { readonly [K in StoreKind]: (config: Extract<StoreConfig, { kind: K }>) => BlobStore };

/** Every backend, by kind: a new backend that is not added here fails to compile. */
const factories: StoreFactories = {
  file: (config) => new FileStore(config),
  memory: (config) => new MemoryStore(config),
  s3: (config) => new S3Store(config),
};

function createOne<K extends StoreKind>(config: Extract<StoreConfig, { kind: K }>): BlobStore {
  return (factories[config.kind] as (c: typeof config) => BlobStore)(config);
}

/**
 * Builds the store(s) a process uses. Several configs give a `RoutingStore` that sends each URI
 * to the store whose root holds it (first match wins).
 */
export function createStore(config: StoreConfig | readonly StoreConfig[]): BlobStore {
  if (!isConfigList(config)) return createOne(config);
  const stores = config.map((c) => createOne(c));
  if (stores.length === 1 && stores[0] !== undefined) return stores[0];
  return new RoutingStore({ stores, description: config.map((c) => c.root).join(", ") });
}

function isConfigList(config: StoreConfig | readonly StoreConfig[]): config is readonly StoreConfig[] {
  return Array.isArray(config);
}
