import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient, type Client } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { DataProxyService } from "@flyte-ts/idl/gen/flyteidl/service/dataproxy_pb";
import { S3Store } from "@flyte-ts/storage";
import S3rver from "s3rver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDataProxyService, startRpcServer, type RpcServer } from "../../src/index.js";
import { openDatabase, type Database } from "../../src/persistence/database.js";
import { createRepositories } from "../../src/persistence/repositories.js";

const BUCKET = "flyte-dataproxy";
const CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" }; // s3rver's fixed test keys

/** With s3:// storage the store signs: URLs point at S3 (s3rver on loopback), not at the control plane. */
describe("data proxy on s3:// storage (s3rver on loopback)", () => {
  let dir: string;
  let http: Server;
  let s3rver: S3rver;
  let endpoint: string;
  let database: Database;
  let server: RpcServer;
  let client: Client<typeof DataProxyService>;
  const root = `s3://${BUCKET}/flyte`;
  let store: S3Store;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "flyte-dp-s3-"));
    s3rver = new S3rver({ silent: true, directory: join(dir, "s3"), configureBuckets: [{ name: BUCKET }] });
    await s3rver.configureBuckets();
    http = createServer(s3rver.callback());
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    const address = http.address();
    endpoint = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
    store = new S3Store({ root, endpoint, forcePathStyle: true, credentials: CREDENTIALS });
    database = await openDatabase({ dialect: "sqlite", dataDir: dir });
    const late: { url?: string } = {};
    const proxy = createDataProxyService({
      blobs: store,
      storagePrefix: root,
      publicUrl: () => late.url ?? "",
      secret: randomBytes(32),
      repositories: createRepositories(database.db),
    });
    server = await startRpcServer({
      host: "127.0.0.1",
      port: 0,
      services: [proxy.service],
      extraHandlers: [proxy.handler],
    });
    late.url = server.url;
    client = createClient(DataProxyService, createGrpcTransport({ baseUrl: server.url }));
  });
  afterAll(async () => {
    await server.close();
    await database.close();
    s3rver.logger.close();
    http.closeAllConnections();
    await new Promise<void>((resolve) => http.close(() => resolve()));
    await rm(dir, { recursive: true, force: true });
  });

  it("hands out S3 presigned URLs that upload and download", async () => {
    const body = new TextEncoder().encode("bundle on s3");
    const md5 = createHash("md5").update(body).digest();
    const up = await client.createUploadLocation({
      project: "flytesnacks",
      domain: "development",
      filenameRoot: "fast1",
      filename: "code.tar.gz",
      contentMd5: md5,
    });
    expect(up.nativeUrl).toBe(`${root}/uploads/flytesnacks/development/fast1/code.tar.gz`);
    expect(up.signedUrl.startsWith(`${endpoint}/${BUCKET}/flyte/uploads/`)).toBe(true);
    expect(up.signedUrl).toContain("X-Amz-Signature=");
    const put = await fetch(up.signedUrl, { method: "PUT", body });
    expect(put.status).toBe(200);
    expect(await store.read(up.nativeUrl)).toEqual(body);
    const down = await client.createDownloadLocation({ nativeUrl: up.nativeUrl });
    expect(down.signedUrl.startsWith(`${endpoint}/`)).toBe(true);
    const got = await fetch(down.signedUrl);
    expect(got.status).toBe(200);
    expect(new Uint8Array(await got.arrayBuffer())).toEqual(body);
  });
});
