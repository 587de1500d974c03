import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient, type Client } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport } from "@connectrpc/connect-node";
import { AdminService } from "@flyte-ts/idl/gen/flyteidl/service/admin_pb";
import { createAdminServices, type AdminConfig } from "../../src/index.js";
import { openDatabase, type Database } from "../../src/persistence/database.js";
import { createRepositories, withTransaction } from "../../src/persistence/repositories.js";
import { startRpcServer, type RpcServer } from "../../src/transport/server.js";

/** A real control plane: a migrated SQLite file in a temp dir, served on a loopback port. */
export interface AdminFixture {
  server: RpcServer;
  database: Database;
  /** gRPC over h2c. */
  grpc: Client<typeof AdminService>;
  /** Connect JSON over HTTP/1.1. */
  connect: Client<typeof AdminService>;
  /** Internal errors the server reported (a test of bad input expects none). */
  internalErrors: unknown[];
  close(): Promise<void>;
}

export async function startAdmin(options: { config?: AdminConfig; now?: () => number } = {}): Promise<AdminFixture> {
  const dir = mkdtempSync(join(tmpdir(), "flyte-registration-"));
  const database = await openDatabase({ dialect: "sqlite", dataDir: dir });
  const services = await createAdminServices({
    repositories: createRepositories(database.db),
    transaction: (fn) => withTransaction(database.db, fn),
    ...(options.config ? { config: options.config } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  const internalErrors: unknown[] = [];
  const server = await startRpcServer({
    host: "127.0.0.1",
    port: 0,
    services,
    onInternalError: (e) => internalErrors.push(e),
  });
  return {
    server,
    database,
    grpc: createClient(AdminService, createGrpcTransport({ baseUrl: server.url })),
    connect: createClient(
      AdminService,
      createConnectTransport({ baseUrl: server.url, httpVersion: "1.1", useBinaryFormat: false }),
    ),
    internalErrors,
    close: async () => {
      await server.close();
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
