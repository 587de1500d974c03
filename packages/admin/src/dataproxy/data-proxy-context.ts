import { InvalidArgumentError } from "@flyte-ts/core";
import type { Duration } from "@bufbuild/protobuf/wkt";
import { isUnderRoot, type BlobStore } from "@flyte-ts/storage";
import type { Repositories } from "../persistence/repositories.js";
import { signedDataUrl, type DataUrlMethod, type DataUrlSigner } from "./data-url-signer.js";

/** What every data proxy operation is built from (resolved options of `createDataProxyService`). */
export interface DataProxyContext {
  blobs: BlobStore;
  /** The storage root the `/data/` route serves: every signed key is relative to it. */
  storagePrefix: string;
  /** Where uploads go: `<uploadPrefix>/<project>/<domain>/<root>/<filename>`. */
  uploadPrefix: string;
  /** `http://host:port` of this server, as clients reach it. */
  publicUrl: () => string;
  signer: DataUrlSigner;
  repositories: Repositories;
  maxUploadBytes: number;
  maxUploadExpiresSec: number;
  maxDownloadExpiresSec: number;
  /** Epoch milliseconds. */
  now: () => number;
}

/** Signed URL for `uri` valid `expiresInSec`; S3 stores sign their own, everything else gets our `/data/` route. */
export async function signedUrlFor(
  ctx: DataProxyContext,
  uri: string,
  method: DataUrlMethod,
  expiresInSec: number,
  contentMd5 = "",
): Promise<string> {
  if (uri.startsWith("s3://") && ctx.blobs.signedUrl) {
    return ctx.blobs.signedUrl(uri, { method, expiresInSec });
  }
  const key = keyOf(ctx, uri, "native_url");
  const expiresAtSec = Math.floor(ctx.now() / 1000) + expiresInSec;
  return signedDataUrl(ctx.publicUrl(), ctx.signer, { method, key, expiresAtSec, contentMd5 });
}

/** The key of `uri` below the storage prefix; INVALID_ARGUMENT naming `field` for URIs outside it. */
export function keyOf(ctx: DataProxyContext, uri: string, field: string): string {
  if (!isUnderRoot(ctx.storagePrefix, uri) || uri === ctx.storagePrefix) {
    throw new InvalidArgumentError(
      `${field} ${JSON.stringify(uri)} is not under the storage prefix ${ctx.storagePrefix}`,
      {
        code: "InvalidField",
        details: { field },
      },
    );
  }
  const key = uri.slice(ctx.storagePrefix.length + 1);
  const bad = keyProblem(key);
  if (bad !== undefined) {
    throw new InvalidArgumentError(`${field} ${JSON.stringify(uri)} ${bad}`, {
      code: "InvalidField",
      details: { field },
    });
  }
  return key;
}

/** Why `key` cannot name a blob (empty, `.`/`..` segments, control characters), or undefined when it can. */
export function keyProblem(key: string): string | undefined {
  if (key === "") return "is empty";
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(key)) return "contains control characters";
  for (const segment of key.split("/")) {
    if (segment === "") return "has an empty path segment";
    if (segment === "." || segment === "..") return `has a '${segment}' path segment`;
  }
  return undefined;
}

/**
 * Seconds a requested `expires_in` stands for: the maximum when unset or zero; INVALID_ARGUMENT when
 * negative or above the maximum (as Flyte's data proxy).
 */
export function expiresInSec(expiresIn: Duration | undefined, maxSec: number): number {
  if (expiresIn === undefined) return maxSec;
  const seconds = Number(expiresIn.seconds) + expiresIn.nanos / 1e9;
  if (seconds < 0 || (expiresIn.seconds > 0n && expiresIn.nanos < 0)) {
    throw new InvalidArgumentError(`expires_in ${seconds}s must not be negative`, {
      code: "InvalidField",
      details: { field: "expires_in" },
    });
  }
  if (seconds > maxSec) {
    throw new InvalidArgumentError(`expires_in ${seconds}s exceeds the maximum allowed expiration of ${maxSec}s`, {
      code: "InvalidField",
      details: { field: "expires_in" },
    });
  }
  return seconds === 0 ? maxSec : Math.max(1, Math.ceil(seconds));
}
