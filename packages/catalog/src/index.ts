export { CatalogManager, type CatalogManagerOptions } from "./catalog-manager.js";
export { dataCatalogService } from "./data-catalog-service.js";
export { CatalogCacheClient, SourceMetadataKey, type CatalogCacheClientOptions } from "./catalog-cache-client.js";
export { ArtifactDataStore, type ArtifactDataStoreOptions } from "./artifact-data-store.js";
export type { CatalogRepositories } from "./catalog-repositories.js";
export { CatalogErrorCode } from "./request-check.js";
export { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT } from "./list-request.js";
export { DEFAULT_HEARTBEAT_GRACE_MULTIPLIER, DEFAULT_MAX_HEARTBEAT_MS } from "./reservation-manager.js";
