import { createHmac, timingSafeEqual } from "node:crypto";
import { InvalidArgumentError } from "@flyte-ts/core";

/** The HTTP method a signed data URL allows. HEAD is served with a GET signature. */
export type DataUrlMethod = "GET" | "PUT";

/** What one signed URL allows: `method` on the blob at `key` (relative to the storage prefix) until `expiresAtSec`. */
export interface DataUrlGrant {
  method: DataUrlMethod;
  key: string;
  /** Unix seconds. */
  expiresAtSec: number;
  /** Base64 (standard) MD5 the uploaded body must have; PUT only, "" for none. */
  contentMd5: string;
}

export type DataUrlVerdict = { ok: true } | { ok: false; reason: "expired" | "bad_signature" | "malformed" };

const SIGNATURE = /^[A-Za-z0-9_-]{43}$/;

/**
 * HMAC-SHA256 signatures for the data proxy's own `/data/<key>` route (used for `file://` and
 * `memory://` storage, which cannot sign URLs). Every field of the grant is signed, so changing the
 * key, method, expiry or required MD5 invalidates the URL.
 */
export class DataUrlSigner {
  readonly #secret: string | Uint8Array;

  constructor(options: { secret: string | Uint8Array }) {
    const length = typeof options.secret === "string" ? Buffer.byteLength(options.secret) : options.secret.byteLength;
    if (length < 16) {
      throw new InvalidArgumentError("the data proxy signing secret must be at least 16 bytes", {
        code: "InvalidDataProxySecret",
        details: { field: "secret" },
      });
    }
    this.#secret = options.secret;
  }

  /** Base64url signature of `grant`. */
  sign(grant: DataUrlGrant): string {
    return this.#mac(grant).toString("base64url");
  }

  verify(grant: DataUrlGrant, signature: string, nowMs: number): DataUrlVerdict {
    if (!Number.isSafeInteger(grant.expiresAtSec) || grant.expiresAtSec < 0 || !SIGNATURE.test(signature)) {
      return { ok: false, reason: "malformed" };
    }
    if (!timingSafeEqual(this.#mac(grant), Buffer.from(signature, "base64url"))) {
      return { ok: false, reason: "bad_signature" };
    }
    if (nowMs >= grant.expiresAtSec * 1000) return { ok: false, reason: "expired" };
    return { ok: true };
  }

  #mac(g: DataUrlGrant): Buffer {
    // Newline-separated: no field can contain a newline (keys are checked, MD5 is base64).
    return createHmac("sha256", this.#secret)
      .update(`flyte-dataproxy-v1\n${g.method}\n${g.expiresAtSec}\n${g.contentMd5}\n${g.key}`)
      .digest();
  }
}

/** `/data/<key>` with each key segment percent-encoded. */
export function dataPath(key: string): string {
  return `/data/${key.split("/").map(encodeURIComponent).join("/")}`;
}

/** The full signed URL for `grant` on the server at `baseUrl` (`http://host:port`). */
export function signedDataUrl(baseUrl: string, signer: DataUrlSigner, grant: DataUrlGrant): string {
  const query = new URLSearchParams();
  if (grant.contentMd5 !== "") query.set("md5", grant.contentMd5);
  query.set("expires", String(grant.expiresAtSec));
  query.set("sig", signer.sign(grant));
  return `${baseUrl.replace(/\/+$/, "")}${dataPath(grant.key)}?${query.toString()}`;
}
