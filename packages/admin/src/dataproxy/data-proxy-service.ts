import type { ServiceImpl } from "@connectrpc/connect";
import { DataProxyService } from "@flyte-ts/idl/gen/flyteidl/service/dataproxy_pb";
import { joinUri, type BlobStore } from "@flyte-ts/storage";
import type { Repositories } from "../persistence/repositories.js";
import type { ExtraHandler, ServiceBinding } from "../transport/server.js";
import type { DataProxyContext } from "./data-proxy-context.js";
import { dataRouteHandler } from "./data-route-handler.js";
import { DataUrlSigner } from "./data-url-signer.js";
import { createDownloadLink, createDownloadLocation } from "./download-link.js";
import { getData } from "./get-data.js";
import { createUploadLocation } from "./upload-location.js";

export interface DataProxyOptions {
  blobs: BlobStore;
  /** The storage root (e.g. `file:///…/blobs`); signed `/data/` keys are relative to it. */
  storagePrefix: string;
  /** Where uploads go. Default `<storagePrefix>/uploads` (Flyte's `upload.storagePrefix`). */
  uploadPrefix?: string;
  /** `http://host:port` clients reach this server at; read when a URL is signed (the port may be known late). */
  publicUrl: () => string;
  /** HMAC key of `/data/` URLs, at least 16 bytes; keep it across restarts so issued URLs stay valid. */
  secret: string | Uint8Array;
  /** Node and task executions, for GetData and deck links. */
  repositories: Repositories;
  /** Largest upload through `/data/`. Default 100 MiB. */
  maxUploadBytes?: number;
  /** Longest `expires_in` of an upload URL, seconds. Default 3600 (Flyte's `upload.maxExpiresIn`). */
  maxUploadExpiresSec?: number;
  /** Longest `expires_in` of a download URL, seconds. Default 3600 (Flyte's `download.maxExpiresIn`). */
  maxDownloadExpiresSec?: number;
  /** Epoch milliseconds. Default `Date.now`. */
  now?: () => number;
}

export interface DataProxy {
  /** `flyteidl.service.DataProxyService` for `startRpcServer`'s services. */
  service: ServiceBinding;
  /** The signed `/data/` route for `startRpcServer`'s extraHandlers. */
  handler: ExtraHandler;
}

export const DEFAULT_MAX_UPLOAD_BYTES = 100 * 1024 * 1024;

/**
 * The data proxy (Flyte's DataProxyService): signed upload/download URLs and Flyte-URL data. For S3
 * storage the store signs; for file:// and memory:// URLs point at this server's `/data/` route.
 */
export function createDataProxyService(options: DataProxyOptions): DataProxy {
  const storagePrefix = options.storagePrefix.replace(/\/+$/, "");
  const ctx: DataProxyContext = {
    blobs: options.blobs,
    storagePrefix,
    uploadPrefix: (options.uploadPrefix ?? joinUri(storagePrefix, "uploads")).replace(/\/+$/, ""),
    publicUrl: options.publicUrl,
    signer: new DataUrlSigner({ secret: options.secret }),
    repositories: options.repositories,
    maxUploadBytes: options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES,
    maxUploadExpiresSec: options.maxUploadExpiresSec ?? 3600,
    maxDownloadExpiresSec: options.maxDownloadExpiresSec ?? 3600,
    now: options.now ?? Date.now,
  };
  const impl: ServiceImpl<typeof DataProxyService> = {
    createUploadLocation: (req) => createUploadLocation(ctx, req),
    createDownloadLocation: (req) => createDownloadLocation(ctx, req),
    createDownloadLink: (req) => createDownloadLink(ctx, req),
    getData: (req) => getData(ctx, req),
  };
  return {
    service: { service: DataProxyService, impl: impl as unknown as ServiceBinding["impl"] },
    handler: dataRouteHandler(ctx),
  };
}
