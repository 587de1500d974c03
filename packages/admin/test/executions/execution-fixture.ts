import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createClient, type Client } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport } from "@connectrpc/connect-node";
import { Engine, SqliteStateStore } from "@flyte-ts/engine";
import { AdminService } from "@flyte-ts/idl/gen/flyteidl/service/admin_pb";
import { buildPackage, type PackageEntry } from "@flyte-ts/sdk";
import { FileStore } from "@flyte-ts/storage";
import { WorkerPool } from "@flyte-ts/task-runtime";
// The engine's index does not export the ts-task plugin yet (reported); tests may reach into its sources.
import { TsTaskPlugin } from "../../../engine/src/plugins/ts-task/ts-task-plugin.js";
import { createAdminManagers, createAdminServices } from "../../src/index.js";
import { createExecutionServices, type ExecutionServices } from "../../src/execution-services.js";
import type { ExecutionLauncher } from "../../src/managers/execution-launcher.js";
import type { WorkflowPhaseNotifier } from "../../src/managers/execution-notifications.js";
import { openDatabase, type Database } from "../../src/persistence/database.js";
import { createRepositories, withTransaction } from "../../src/persistence/repositories.js";
import { startRpcServer, type RpcServer } from "../../src/transport/server.js";
import { hydrate } from "../registration/snacks-package.js";
import * as tasks from "./fixtures/tasks.js";

export const PD = { project: "flytesnacks", domain: "development" };
const ADMIN_ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** Admin + engine in one process, like `flyte start`: a real SQLite file, file:// storage, a real worker pool. */
export interface ExecutionFixture {
  server: RpcServer;
  database: Database;
  engine: Engine;
  services: ExecutionServices;
  grpc: Client<typeof AdminService>;
  connect: Client<typeof AdminService>;
  internalErrors: unknown[];
  /** Errors the engine reported (event sink rejections and the like). */
  engineErrors: unknown[];
  close(): Promise<void>;
}

export async function startExecutionFixture(
  options: { notifier?: WorkflowPhaseNotifier } = {},
): Promise<ExecutionFixture> {
  const dir = mkdtempSync(join(tmpdir(), "flyte-executions-"));
  const database = await openDatabase({ dialect: "sqlite", dataDir: dir });
  const repositories = createRepositories(database.db);
  const transaction = <T>(fn: (r: typeof repositories) => Promise<T>) => withTransaction(database.db, fn);
  const managers = createAdminManagers({ repositories, transaction });
  const root = pathToFileURL(join(dir, "blobs")).href;
  const blobs = new FileStore({ root });
  const pool = new WorkerPool({ size: 2, root: ADMIN_ROOT, rssSampleMs: 50 });
  await pool.start();
  const late: { engine?: Engine } = {};
  const engineErrors: unknown[] = [];
  const launcher: ExecutionLauncher = {
    async launch(r) {
      await late.engine?.createExecution({
        id: r.id,
        closure: r.closure,
        inputs: r.inputs,
        config: {
          overwriteCache: r.overwriteCache,
          maxParallelism: r.maxParallelism,
          ...(r.interruptible === undefined ? {} : { interruptible: r.interruptible }),
          ...(r.recoverFrom ? { recoverFrom: r.recoverFrom } : {}),
        },
      });
    },
    abort: async (id, cause) => late.engine?.abort(id, cause),
  };
  const services = createExecutionServices({
    repositories,
    transaction,
    managers,
    blobs,
    storagePrefix: root,
    launcher,
    ...(options.notifier ? { notifier: options.notifier } : {}),
    onError: (e) => engineErrors.push(e),
  });
  const engine = new Engine({
    store: new SqliteStateStore({ path: join(dir, "engine.db") }),
    sink: services.sink,
    blobs,
    plugins: [new TsTaskPlugin({ pool, logDir: join(dir, "logs") })],
    metadataPrefix: `${root}/metadata`,
    rawOutputPrefix: `${root}/raw`,
    onError: (e) => engineErrors.push(e),
  });
  const admin = await createAdminServices({ repositories, transaction, managers, extraAdminRpcs: services.impl });
  const internalErrors: unknown[] = [];
  const server = await startRpcServer({
    host: "127.0.0.1",
    port: 0,
    services: admin,
    onInternalError: (e) => internalErrors.push(e),
  });
  late.engine = engine;
  const running = engine;
  return {
    server,
    database,
    engine: running,
    services,
    grpc: createClient(AdminService, createGrpcTransport({ baseUrl: server.url })),
    connect: createClient(
      AdminService,
      createConnectTransport({ baseUrl: server.url, httpVersion: "1.1", useBinaryFormat: false }),
    ),
    internalErrors,
    engineErrors,
    close: async () => {
      await running.close();
      await server.close();
      await pool.close();
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Serializes the fixture tasks with the SDK and registers them (tasks, workflows, launch plans) at `version`. */
export async function registerFixtures(client: Client<typeof AdminService>, version: string): Promise<void> {
  const pkg = await buildPackage([{ modulePath: "test/executions/fixtures/tasks.ts", exports: tasks }]);
  for (const e of pkg.entries) await registerEntry(client, e, version);
}

async function registerEntry(client: Client<typeof AdminService>, e: PackageEntry, version: string): Promise<void> {
  const scope = { ...PD, version };
  switch (e.kind) {
    case "task": {
      const spec = hydrate(e.message, scope);
      await client.createTask({ id: spec.template?.id, spec });
      return;
    }
    case "workflow": {
      const spec = hydrate(e.message, scope);
      await client.createWorkflow({ id: spec.template?.id, spec });
      return;
    }
    case "launchPlan": {
      const lp = hydrate(e.message, scope);
      await client.createLaunchPlan({ id: lp.id, spec: lp.spec });
      return;
    }
  }
}
