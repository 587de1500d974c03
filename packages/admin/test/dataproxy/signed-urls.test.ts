import { createHash } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import { request } from "node:http";
import { fileURLToPath } from "node:url";
import { Code, ConnectError } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDataProxySecret } from "../../src/index.js";
import { startDataProxy, type DataProxyFixture } from "./data-proxy-fixture.js";

const PD = { project: "flytesnacks", domain: "development" };
const md5 = (b: Uint8Array | string) => createHash("md5").update(b).digest();

async function rpcCode(p: Promise<unknown>): Promise<{ code: Code; message: string }> {
  try {
    await p;
  } catch (e) {
    const err = ConnectError.from(e);
    return { code: err.code, message: err.rawMessage };
  }
  throw new Error("expected the RPC to fail");
}

describe("data proxy signed URLs (file:// storage, real loopback server)", () => {
  let f: DataProxyFixture;
  beforeAll(async () => {
    f = await startDataProxy({ maxUploadBytes: 1024 });
  });
  afterAll(async () => {
    expect(f.internalErrors).toEqual([]);
    await f.close();
  });

  it("uploads through the signed URL, then downloads the same bytes", async () => {
    const body = new TextEncoder().encode("fast-registered code bundle\n");
    const res = await f.grpc.createUploadLocation({ ...PD, filename: "bundle.tar.gz", contentMd5: md5(body) });
    expect(res.nativeUrl).toBe(`${f.root}/uploads/flytesnacks/development/${base32(md5(body))}/bundle.tar.gz`);
    expect(res.signedUrl).toMatch(
      new RegExp(
        `^${f.server.url}/data/uploads/flytesnacks/development/[A-Z2-7]+(%3D)+/bundle\\.tar\\.gz\\?md5=[^&]+&expires=\\d+&sig=[\\w-]{43}$`,
      ),
    );
    expect(res.headers).toEqual({ "Content-MD5": md5(body).toString("base64") });
    const expiresAt = Number(res.expiresAt?.seconds);
    expect(expiresAt).toBeGreaterThan(f.clock.now / 1000 + 3500);
    expect(expiresAt).toBeLessThanOrEqual(f.clock.now / 1000 + 3601);

    const put = await fetch(res.signedUrl, { method: "PUT", body, headers: res.headers });
    expect(put.status).toBe(200);
    expect(await f.blobs.read(res.nativeUrl)).toEqual(body);

    const link = await f.connect.createDownloadLocation({ nativeUrl: res.nativeUrl });
    const got = await fetch(link.signedUrl);
    expect(got.status).toBe(200);
    expect(got.headers.get("content-type")).toBe("application/gzip");
    expect(got.headers.get("content-length")).toBe(String(body.byteLength));
    expect(new Uint8Array(await got.arrayBuffer())).toEqual(body);
    // A download URL does not allow uploads, nor an upload URL downloads.
    expect((await fetch(link.signedUrl, { method: "PUT", body: "x" })).status).toBe(403);
    expect((await fetch(res.signedUrl)).status).toBe(403);
  });

  it("places uploads under filename_root when given, with a random file name when none is", async () => {
    const rooted = await f.grpc.createUploadLocation({ ...PD, filenameRoot: "fast-abc", filename: "a/b.txt" });
    expect(rooted.nativeUrl).toBe(`${f.root}/uploads/flytesnacks/development/fast-abc/a/b.txt`);
    expect(rooted.headers).toEqual({});
    expect((await fetch(rooted.signedUrl, { method: "PUT", body: "one" })).status).toBe(200);
    // The deterministic location is taken: only the same content (by MD5) gets it again.
    const again = await rpcCode(f.grpc.createUploadLocation({ ...PD, filenameRoot: "fast-abc", filename: "a/b.txt" }));
    expect(again.code).toBe(Code.AlreadyExists);
    const other = await rpcCode(
      f.grpc.createUploadLocation({ ...PD, filenameRoot: "fast-abc", filename: "a/b.txt", contentMd5: md5("two") }),
    );
    expect(other.code).toBe(Code.AlreadyExists);
    const same = await f.grpc.createUploadLocation({
      ...PD,
      filenameRoot: "fast-abc",
      filename: "a/b.txt",
      contentMd5: md5("one"),
    });
    expect(same.nativeUrl).toBe(rooted.nativeUrl);
    const random = await f.grpc.createUploadLocation({ ...PD, contentMd5: md5("x") });
    expect(random.nativeUrl).toMatch(
      new RegExp(`^${f.root}/uploads/flytesnacks/development/[A-Z2-7]+=+/[a-z0-9]{20}$`),
    );
  });

  it("answers 403 for a tampered signature, path or MD5", async () => {
    const body = "payload";
    const res = await f.grpc.createUploadLocation({ ...PD, filename: "t.bin", contentMd5: md5(body) });
    const url = new URL(res.signedUrl);
    const sig = url.searchParams.get("sig") ?? "";
    const tampered = new URL(url);
    tampered.searchParams.set("sig", `${sig[0] === "A" ? "B" : "A"}${sig.slice(1)}`);
    expect((await fetch(tampered, { method: "PUT", body })).status).toBe(403);
    const otherPath = new URL(url);
    otherPath.pathname = otherPath.pathname.replace("t.bin", "u.bin");
    expect((await fetch(otherPath, { method: "PUT", body })).status).toBe(403);
    const otherMd5 = new URL(url);
    otherMd5.searchParams.set("md5", md5("else").toString("base64"));
    expect((await fetch(otherMd5, { method: "PUT", body: "else" })).status).toBe(403);
    const unsigned = new URL(url);
    unsigned.search = "";
    expect((await fetch(unsigned, { method: "PUT", body })).status).toBe(403);
    expect(await f.blobs.head(res.nativeUrl)).toBeUndefined();
  });

  it("answers 403 for paths outside the storage root", async () => {
    // Sent raw: fetch would normalize the dot segments away before they reach the server.
    const paths = ["/data/..%2F..%2Fetc/passwd", "/data/uploads/../../x", "/data/%2E%2E/x", "/data/a//b", "/data/%00x"];
    for (const path of paths) {
      expect(await rawStatus(f.server.port, `${path}?expires=9999999999&sig=${"A".repeat(43)}`), path).toBe(403);
    }
    const outside = await rpcCode(f.grpc.createDownloadLocation({ nativeUrl: "file:///etc/passwd" }));
    expect(outside).toMatchObject({ code: Code.InvalidArgument });
    expect(outside.message).toContain("native_url");
  });

  it("answers 403 once the URL has expired", async () => {
    const res = await f.grpc.createUploadLocation({
      ...PD,
      filename: "late.bin",
      contentMd5: md5("late"),
      expiresIn: { seconds: 5n, nanos: 0 },
    });
    const saved = f.clock.now;
    f.clock.now += 6000;
    try {
      const put = await fetch(res.signedUrl, { method: "PUT", body: "late" });
      expect(put.status).toBe(403);
      expect(await put.text()).toContain("expired");
    } finally {
      f.clock.now = saved;
    }
    expect((await fetch(res.signedUrl, { method: "PUT", body: "late" })).status).toBe(200);
  });

  it("answers 413 for an upload over the size limit and 400 for a body that fails its MD5", async () => {
    const big = new Uint8Array(4096).fill(7);
    const res = await f.grpc.createUploadLocation({ ...PD, filename: "big.bin", contentMd5: md5(big) });
    const put = await fetch(res.signedUrl, { method: "PUT", body: big });
    expect(put.status).toBe(413);
    expect(await f.blobs.head(res.nativeUrl)).toBeUndefined();

    const small = await f.grpc.createUploadLocation({ ...PD, filename: "small.bin", contentMd5: md5("right") });
    const wrong = await fetch(small.signedUrl, { method: "PUT", body: "wrong" });
    expect(wrong.status).toBe(400);
    expect(await f.blobs.head(small.nativeUrl)).toBeUndefined();
    // No partial or temporary file is left behind.
    const dir = fileURLToPath(small.nativeUrl.slice(0, small.nativeUrl.lastIndexOf("/")));
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
    // A Content-MD5 header is checked too.
    const loose = await f.grpc.createUploadLocation({ ...PD, filenameRoot: "r", filename: "loose.bin" });
    const badHeader = await fetch(loose.signedUrl, {
      method: "PUT",
      body: "abc",
      headers: { "content-md5": md5("abd").toString("base64") },
    });
    expect(badHeader.status).toBe(400);
  });

  it("rejects bad requests with INVALID_ARGUMENT naming the field", async () => {
    const cases: [Parameters<typeof f.grpc.createUploadLocation>[0], string][] = [
      [{ domain: "development", contentMd5: md5("a") }, "project"],
      [{ project: "flytesnacks", contentMd5: md5("a") }, "domain"],
      [{ ...PD }, "content_md5"],
      [{ ...PD, contentMd5: new Uint8Array(3) }, "content_md5"],
      [{ ...PD, contentMd5: md5("a"), filename: "../x" }, "filename"],
      [{ ...PD, contentMd5: md5("a"), expiresIn: { seconds: 7200n, nanos: 0 } }, "expires_in"],
    ];
    for (const [req, field] of cases) {
      const err = await rpcCode(f.grpc.createUploadLocation(req));
      expect(err.code, field).toBe(Code.InvalidArgument);
      expect(err.message, field).toContain(field);
    }
  });

  it("keeps the signing secret in the data dir across restarts", () => {
    const path = `${f.dir}/dataproxy.secret`;
    const first = loadDataProxySecret(path);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(loadDataProxySecret(path)).toBe(first);
  });
});

function rawStatus(port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, method: "GET" }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end();
  });
}

/** Go's base32.StdEncoding, written independently of the implementation under test. */
function base32(bytes: Uint8Array): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  const bits = [...bytes].map((b) => b.toString(2).padStart(8, "0")).join("");
  let out = "";
  for (let i = 0; i < bits.length; i += 5) out += alphabet[parseInt(bits.slice(i, i + 5).padEnd(5, "0"), 2)];
  return out.padEnd(Math.ceil(out.length / 8) * 8, "=");
}
