import type {
  AddTagRequest,
  AddTagResponse,
  CreateArtifactRequest,
  CreateArtifactResponse,
  CreateDatasetRequest,
  CreateDatasetResponse,
  GetArtifactRequest,
  GetArtifactResponse,
  GetDatasetRequest,
  GetDatasetResponse,
  GetOrExtendReservationRequest,
  GetOrExtendReservationResponse,
  ListArtifactsRequest,
  ListArtifactsResponse,
  ListDatasetsRequest,
  ListDatasetsResponse,
  ReleaseReservationRequest,
  ReleaseReservationResponse,
  UpdateArtifactRequest,
  UpdateArtifactResponse,
} from "@flyte-ts/idl/gen/flyteidl/datacatalog/datacatalog_pb";
import type { BlobStore } from "@flyte-ts/storage";
import { ArtifactDataStore } from "./artifact-data-store.js";
import { ArtifactManager } from "./artifact-manager.js";
import type { CatalogRepositories } from "./catalog-repositories.js";
import { DatasetManager } from "./dataset-manager.js";
import { ReservationManager } from "./reservation-manager.js";
import { TagManager } from "./tag-manager.js";

export interface CatalogManagerOptions {
  repositories: CatalogRepositories;
  blobs: BlobStore;
  /** Where artifact values are offloaded (`<prefix>/<project>/<domain>/<name>/<version>/<artifact>/<data>/data.pb`). */
  storagePrefix: string;
  /** Epoch ms; default `Date.now`. */
  now?: () => number;
  /** DataCatalog's `max-reservation-heartbeat` (default 10 s). */
  maxHeartbeatMs?: number;
  /** DataCatalog's `heartbeat-grace-period-multiplier` (default 3). */
  graceMultiplier?: number;
}

/**
 * The DataCatalog service's rules (flyteidl `datacatalog.DataCatalog`), one method per RPC, on the
 * control plane's catalog tables and a blob store. Errors are FlyteErrors with stable codes; the
 * RPC edge maps their status to gRPC codes.
 */
export class CatalogManager {
  readonly #datasets: DatasetManager;
  readonly #artifacts: ArtifactManager;
  readonly #tags: TagManager;
  readonly #reservations: ReservationManager;

  constructor(options: CatalogManagerOptions) {
    const repositories = options.repositories;
    const now = options.now ?? Date.now;
    const data = new ArtifactDataStore({ blobs: options.blobs, prefix: options.storagePrefix });
    this.#datasets = new DatasetManager({ repositories, now });
    this.#artifacts = new ArtifactManager({ repositories, data, now });
    this.#tags = new TagManager({ repositories, now });
    this.#reservations = new ReservationManager({
      repositories,
      now,
      ...(options.maxHeartbeatMs === undefined ? {} : { maxHeartbeatMs: options.maxHeartbeatMs }),
      ...(options.graceMultiplier === undefined ? {} : { graceMultiplier: options.graceMultiplier }),
    });
  }

  createDataset(req: CreateDatasetRequest): Promise<CreateDatasetResponse> {
    return this.#datasets.createDataset(req);
  }
  getDataset(req: GetDatasetRequest): Promise<GetDatasetResponse> {
    return this.#datasets.getDataset(req);
  }
  listDatasets(req: ListDatasetsRequest): Promise<ListDatasetsResponse> {
    return this.#datasets.listDatasets(req);
  }
  createArtifact(req: CreateArtifactRequest): Promise<CreateArtifactResponse> {
    return this.#artifacts.createArtifact(req);
  }
  getArtifact(req: GetArtifactRequest): Promise<GetArtifactResponse> {
    return this.#artifacts.getArtifact(req);
  }
  listArtifacts(req: ListArtifactsRequest): Promise<ListArtifactsResponse> {
    return this.#artifacts.listArtifacts(req);
  }
  updateArtifact(req: UpdateArtifactRequest): Promise<UpdateArtifactResponse> {
    return this.#artifacts.updateArtifact(req);
  }
  addTag(req: AddTagRequest): Promise<AddTagResponse> {
    return this.#tags.addTag(req);
  }
  getOrExtendReservation(req: GetOrExtendReservationRequest): Promise<GetOrExtendReservationResponse> {
    return this.#reservations.getOrExtendReservation(req);
  }
  releaseReservation(req: ReleaseReservationRequest): Promise<ReleaseReservationResponse> {
    return this.#reservations.releaseReservation(req);
  }
}
