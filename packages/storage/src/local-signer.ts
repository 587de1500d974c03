import { createHmac, timingSafeEqual } from "node:crypto";
import { InvalidArgumentError } from "@flyte-ts/core";
import type { SignedUrlMethod } from "./blob-store.js";

/**
 * HMAC signatures for URLs the control plane serves for `file://` (and `memory://`) blobs, which
 * have no signing backend of their own. The server puts `uri`, `method`, `expires` and
 * `signature` in the query string and checks them with `verifyLocalUrl` before serving.
 */
export type LocalUrlVerdict =
  { readonly ok: true } | { readonly ok: false; readonly reason: "expired" | "bad_signature" | "malformed" };

function checkSecret(secret: string | Uint8Array): void {
  const length = typeof secret === "string" ? Buffer.byteLength(secret) : secret.byteLength;
  if (length < 16) {
    throw new InvalidArgumentError("the URL signing secret must be at least 16 bytes", {
      details: { field: "secret" },
    });
  }
}

function mac(secret: string | Uint8Array, uri: string, method: SignedUrlMethod, expiresAtSec: number): Buffer {
  // Newline-separated fields: none of them can contain a newline that shifts another.
  return createHmac("sha256", secret).update(`flyte-local-url-v1\n${method}\n${expiresAtSec}\n${uri}`).digest();
}

/** The signature (base64url) allowing `method` on `uri` until `expiresAtSec` (Unix seconds). */
export function signLocalUrl(
  secret: string | Uint8Array,
  uri: string,
  method: SignedUrlMethod,
  expiresAtSec: number,
): string {
  checkSecret(secret);
  if (!Number.isSafeInteger(expiresAtSec) || expiresAtSec < 0) {
    throw new InvalidArgumentError(`expiresAtSec must be a non-negative integer (Unix seconds), got ${expiresAtSec}`, {
      details: { field: "expiresAtSec" },
    });
  }
  return mac(secret, uri, method, expiresAtSec).toString("base64url");
}

/** Checks a signature from `signLocalUrl`; `nowMs` defaults to the current time. */
export function verifyLocalUrl(
  secret: string | Uint8Array,
  uri: string,
  method: SignedUrlMethod,
  expiresAtSec: number,
  signature: string,
  nowMs: number = Date.now(),
): LocalUrlVerdict {
  checkSecret(secret);
  if (!Number.isSafeInteger(expiresAtSec) || expiresAtSec < 0 || !/^[A-Za-z0-9_-]{43}$/.test(signature)) {
    return { ok: false, reason: "malformed" };
  }
  const expected = mac(secret, uri, method, expiresAtSec);
  if (!timingSafeEqual(expected, Buffer.from(signature, "base64url"))) return { ok: false, reason: "bad_signature" };
  if (nowMs >= expiresAtSec * 1000) return { ok: false, reason: "expired" };
  return { ok: true };
}
