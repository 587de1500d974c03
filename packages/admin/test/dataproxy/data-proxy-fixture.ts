import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { createClient, type Client } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport } from "@connectrpc/connect-node";
import { DataProxyService } from "@flyte-ts/idl/gen/flyteidl/service/dataproxy_pb";
import { FileStore } from "@flyte-ts/storage";
import { createDataProxyService, loadDataProxySecret } from "../../src/index.js";
import { openDatabase, type Database } from "../../src/persistence/database.js";
import { createRepositories, type Repositories } from "../../src/persistence/repositories.js";
import { startRpcServer, type RpcServer } from "../../src/transport/server.js";

/** The data proxy on a real loopback server: a migrated SQLite file and file:// storage in a temp dir. */
export interface DataProxyFixture {
  dir: string;
  root: string;
  server: RpcServer;
  database: Database;
  repositories: Repositories;
  blobs: FileStore;
  grpc: Client<typeof DataProxyService>;
  connect: Client<typeof DataProxyService>;
  /** The proxy's clock (epoch ms); move it to expire URLs. */
  clock: { now: number };
  internalErrors: unknown[];
  close(): Promise<void>;
}

export async function startDataProxy(options: { maxUploadBytes?: number } = {}): Promise<DataProxyFixture> {
  const dir = mkdtempSync(join(tmpdir(), "flyte-dataproxy-"));
  const database = await openDatabase({ dialect: "sqlite", dataDir: dir });
  const repositories = createRepositories(database.db);
  const root = pathToFileURL(join(dir, "blobs")).href;
  const blobs = new FileStore({ root });
  const clock = { now: Date.now() };
  const late: { url?: string } = {};
  const proxy = createDataProxyService({
    blobs,
    storagePrefix: root,
    publicUrl: () => late.url ?? "http://unset",
    secret: loadDataProxySecret(join(dir, "dataproxy.secret")),
    repositories,
    now: () => clock.now,
    ...(options.maxUploadBytes === undefined ? {} : { maxUploadBytes: options.maxUploadBytes }),
  });
  const internalErrors: unknown[] = [];
  const server = await startRpcServer({
    host: "127.0.0.1",
    port: 0,
    services: [proxy.service],
    extraHandlers: [proxy.handler],
    onInternalError: (e) => internalErrors.push(e),
  });
  late.url = server.url;
  return {
    dir,
    root,
    server,
    database,
    repositories,
    blobs,
    grpc: createClient(DataProxyService, createGrpcTransport({ baseUrl: server.url })),
    connect: createClient(
      DataProxyService,
      createConnectTransport({ baseUrl: server.url, httpVersion: "1.1", useBinaryFormat: false }),
    ),
    clock,
    internalErrors,
    close: async () => {
      await server.close();
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
