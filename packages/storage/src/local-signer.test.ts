import { InvalidArgumentError } from "@flyte-ts/core";
import { describe, expect, it } from "vitest";
import { signLocalUrl, verifyLocalUrl } from "./local-signer.js";

const secret = "a-test-secret-of-32-characters!!";
const uri = "file:///var/flyte/raw/ab/abc123-n0-0/model.bin";
const expires = 1_900_000_000;
const before = (expires - 1) * 1000;

describe("local URL signing", () => {
  it("verifies what it signed until the expiry", () => {
    const signature = signLocalUrl(secret, uri, "GET", expires);
    expect(signature).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(signLocalUrl(secret, uri, "GET", expires)).toBe(signature);
    expect(verifyLocalUrl(secret, uri, "GET", expires, signature, before)).toEqual({ ok: true });
    expect(verifyLocalUrl(secret, uri, "GET", expires, signature, expires * 1000)).toEqual({
      ok: false,
      reason: "expired",
    });
  });

  it("binds the URI, the method, the expiry and the secret", () => {
    const signature = signLocalUrl(secret, uri, "GET", expires);
    const bad = { ok: false, reason: "bad_signature" };
    expect(verifyLocalUrl(secret, `${uri}x`, "GET", expires, signature, before)).toEqual(bad);
    expect(verifyLocalUrl(secret, uri, "PUT", expires, signature, before)).toEqual(bad);
    expect(verifyLocalUrl(secret, uri, "GET", expires + 3600, signature, before)).toEqual(bad);
    expect(verifyLocalUrl(`${secret}?`, uri, "GET", expires, signature, before)).toEqual(bad);
    // An expired URL with a forged signature is reported as forged, not merely expired.
    expect(verifyLocalUrl(secret, `${uri}x`, "GET", expires, signature, expires * 1000 + 1)).toEqual(bad);
  });

  it("rejects malformed input", () => {
    expect(verifyLocalUrl(secret, uri, "GET", expires, "short", before)).toEqual({ ok: false, reason: "malformed" });
    expect(verifyLocalUrl(secret, uri, "GET", -1, "x".repeat(43), before)).toEqual({ ok: false, reason: "malformed" });
    expect(verifyLocalUrl(secret, uri, "GET", 1.5, "x".repeat(43), before)).toEqual({ ok: false, reason: "malformed" });
    expect(() => signLocalUrl("short", uri, "GET", expires)).toThrow(InvalidArgumentError);
    expect(() => signLocalUrl(secret, uri, "GET", Number.NaN)).toThrow(InvalidArgumentError);
  });

  it("accepts a binary secret", () => {
    const key = new Uint8Array(32).fill(7);
    const signature = signLocalUrl(key, uri, "PUT", expires);
    expect(verifyLocalUrl(key, uri, "PUT", expires, signature, before)).toEqual({ ok: true });
  });
});
