import { join } from "node:path";
import { pathToFileURL } from "node:url";
import {
  createAdminManagers,
  createAdminServices,
  createDataProxyService,
  loadDataProxySecret,
  createRepositories,
  createSchedulesHandler,
  EventEgress,
  openDatabase,
  Scheduler,
  startRpcServer,
  withTransaction,
  type Database,
  type ExtraHandler,
  type Repositories,
  type ServiceBinding,
} from "@flyte-ts/admin";
import { CatalogCacheClient, CatalogManager, dataCatalogService } from "@flyte-ts/catalog";
import { Engine, SqliteStateStore } from "@flyte-ts/engine";
import { FileStore, type BlobStore } from "@flyte-ts/storage";
import { WorkerPool } from "@flyte-ts/task-runtime";
import {
  createChannels,
  createExecutionServices,
  NotificationDispatcher,
  Notifier,
  type NotificationsConfig,
} from "./admin-internals.js";
import type { ServerConfig } from "./config/server-config.js";
import { AdminLaunchPlanExecutor } from "./admin-launch-plan-executor.js";
import { createConsoleHandler, defaultConsoleDist } from "./console-handler.js";
import { EngineLauncher } from "./engine-launcher.js";
import { reconcileExecutions } from "./reconcile-executions.js";
import { ContainerPlugin, TsTaskPlugin } from "./engine-internals.js";

export interface StartServerOptions {
  config: ServerConfig;
  /** PATH and the like for raw-container tasks run as local processes (the app passes what it shares). */
  hostEnv?: Readonly<Record<string, string>>;
  /** Unexpected errors (internal RPC errors, engine event failures). Default: ignored. */
  onError?: (error: unknown, where: string) => void;
}

export interface RunningServer {
  /** `http://host:port` */
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  readonly engine: Engine;
  /** Executions continued after a restart. */
  readonly resumed: number;
  /** Unfinished executions whose engine events were replayed into admin on start (catch-up after a crash). */
  readonly reconciled: number;
  /**
   * Drains: stops taking requests and new work, stops the engine's runners (their state stays in
   * `engine.db`, so a restart resumes them), stops the workers, closes the databases.
   */
  close(): Promise<void>;
}

/** `flyte start`: admin (all AdminService RPCs) + engine (SQLite state, ts-task and container plugins) on one port. */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const c = options.config;
  const report = (e: unknown, where: string) => options.onError?.(e, where);
  // Notification config errors fail the start before anything is opened.
  const dispatcher = c.notifications
    ? new NotificationDispatcher({ channels: createChannels(c.notifications) })
    : undefined;
  const database: Database = c.database.url
    ? await openDatabase({ dialect: "postgres", url: c.database.url })
    : await openDatabase({ dialect: "sqlite", dataDir: c.dataDir });
  const root = c.storage.root || pathToFileURL(join(c.dataDir, "blobs")).href;
  const blobs: BlobStore = new FileStore({ root });
  const repositories = createRepositories(database.db);
  const transaction = <T>(fn: (r: Repositories) => Promise<T>) => withTransaction(database.db, fn);
  const managers = createAdminManagers({ repositories, transaction });
  const egress = c.egress
    ? new EventEgress({ db: database.db, config: c.egress, onError: (e) => report(e, "egress") })
    : undefined;
  const late: { engine?: Engine } = {};
  const launcher = new EngineLauncher({
    engine: () => {
      if (!late.engine) throw new Error("the engine is not started yet");
      return late.engine;
    },
  });
  const executions = createExecutionServices({
    repositories,
    transaction,
    managers,
    blobs,
    storagePrefix: root,
    launcher,
    ...(egress ? { egress } : {}),
    ...(c.executions ? { settings: c.executions } : {}),
    ...(dispatcher ? { notifier: new Notifier({ config: c.notifications as NotificationsConfig, dispatcher }) } : {}),
    onError: (e) => report(e, "notifications"),
  });
  const pool = new WorkerPool({
    size: c.engine.workers,
    root: c.engine.codeRoot,
    closeTimeoutMs: c.engine.drainTimeoutMs,
    bundleDir: join(c.dataDir, "bundles"),
  });
  const store = new SqliteStateStore({ path: join(c.dataDir, "engine.db") });
  const catalog = new CatalogManager({ repositories, blobs, storagePrefix: `${root}/metadata` });
  const engine = new Engine({
    store,
    sink: executions.sink,
    blobs,
    plugins: [
      new TsTaskPlugin({ pool, logDir: join(c.dataDir, "logs") }),
      new ContainerPlugin({
        workDir: join(c.dataDir, "containers"),
        allowLocalProcess: c.engine.allowLocalProcess,
        ...(options.hostEnv ? { hostEnv: options.hostEnv } : {}),
      }),
    ],
    signals: executions.signals,
    cache: new CatalogCacheClient({ catalog }),
    launchPlans: (e) => new AdminLaunchPlanExecutor({ executions: executions.executions, engine: e }),
    metadataPrefix: `${root}/metadata`,
    rawOutputPrefix: `${root}/raw`,
    ...(c.resources ? { resources: c.resources } : {}),
    onError: (e) => report(e, "engine"),
  });
  // More services and plain HTTP routes (data proxy, catalog, console, ...) are added here, one line each.
  const dataProxy = createDataProxyService({
    blobs,
    storagePrefix: root,
    publicUrl: () => server?.url ?? `http://${c.host}:${c.port}`,
    secret: loadDataProxySecret(join(c.dataDir, "dataproxy.secret")),
    repositories,
  });
  const extraServices: ServiceBinding[] = [dataProxy.service, dataCatalogService(catalog)];
  const scheduler = new Scheduler({
    db: database.db,
    executions: executions.executions,
    catchUp: c.scheduler.catchUp,
    maxCatchUp: c.scheduler.maxCatchUp,
    pollIntervalMs: c.scheduler.pollIntervalMs,
    onError: (e, where) => report(e, where),
  });
  const extraHandlers: ExtraHandler[] = [createConsoleHandler({ distDir: defaultConsoleDist() }), dataProxy.handler];
  extraHandlers.push(createSchedulesHandler({ scheduler, onError: report }));
  let server: Awaited<ReturnType<typeof startRpcServer>> | undefined;
  try {
    const services = await createAdminServices({
      repositories,
      transaction,
      managers,
      extraAdminRpcs: executions.impl,
    });
    server = await startRpcServer({
      host: c.host,
      port: c.port,
      services: [...services, executions.signalService, ...extraServices],
      extraHandlers,
      onInternalError: (e, where) => report(e, where),
    });
  } catch (e) {
    // Nothing is served: release what was opened (the port in use is the usual cause).
    await engine.close();
    await pool.close();
    await store.close();
    await egress?.close();
    await database.close();
    await dispatcher?.close();
    throw e;
  }
  late.engine = engine;
  const running = engine;
  const reconciled = await reconcileExecutions({
    repositories,
    managers,
    store,
    sink: executions.sink,
    executions: executions.executions,
    onError: (e) => report(e, "reconcile"),
  });
  const resumed = await running.resume();
  void pool.start().catch((e: unknown) => report(e, "worker pool"));
  if (c.scheduler.enabled) scheduler.start();
  egress?.start();
  let closing: Promise<void> | undefined;
  return {
    url: server.url,
    port: server.port,
    dataDir: c.dataDir,
    engine: running,
    resumed: resumed.length,
    reconciled,
    close: () =>
      (closing ??= (async () => {
        await server.close();
        await scheduler.stop();
        await running.close();
        await pool.close();
        await dispatcher?.close();
        await store.close();
        await egress?.close();
        await database.close();
      })()),
  };
}
