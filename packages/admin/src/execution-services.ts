import type { BlobStore } from "@flyte-ts/storage";
import type { EventEgress } from "./egress/event-egress.js";
import { AdminEventSink } from "./events/admin-event-sink.js";
import { resolveAdminConfig, type AdminConfig, type ManagerContext } from "./managers/admin-config.js";
import { EventManager } from "./managers/event-manager.js";
import type { ExecutionLauncher } from "./managers/execution-launcher.js";
import { ExecutionManager } from "./managers/execution-manager.js";
import type { ExecutionSettingsConfig } from "./managers/execution-settings-config.js";
import { notifyWorkflowPhase, type WorkflowPhaseNotifier } from "./managers/execution-notifications.js";
import { ExecutionQueryManager } from "./managers/execution-query-manager.js";
import { SignalManager } from "./managers/execution-signal-manager.js";
import type { Repositories } from "./persistence/repositories.js";
import type { AdminImpl } from "./rpc/admin-impl.js";
import type { AdminManagers } from "./rpc/admin-services.js";
import { eventRpcs } from "./rpc/event-rpcs.js";
import { executionRpcs } from "./rpc/execution-rpcs.js";
import { signalService } from "./rpc/execution-signal-rpcs.js";
import type { ServiceBinding } from "./transport/server.js";
import { nodeExecutionRpcs } from "./rpc/node-execution-rpcs.js";
import { taskExecutionRpcs } from "./rpc/task-execution-rpcs.js";

export interface ExecutionServicesOptions {
  repositories: Repositories;
  /** Runs `fn` in one transaction, e.g. `(fn) => withTransaction(database.db, fn)`; events need it to be atomic. */
  transaction?: <T>(fn: (repos: Repositories) => Promise<T>) => Promise<T>;
  /** The registration managers (`createAdminManagers`): executions read launch plans and workflows. */
  managers: AdminManagers;
  /** Where execution inputs are offloaded and outputs read from (the engine's store in `flyte start`). */
  blobs: BlobStore;
  /** `<storagePrefix>/metadata/<project>/<domain>/<name>/inputs`. */
  storagePrefix: string;
  /** The engine. */
  launcher: ExecutionLauncher;
  config?: AdminConfig;
  now?: () => number;
  /** Get*Data returns inputs/outputs inline up to this size. Default 2 MiB. */
  maxInlineBytes?: number;
  /** Notifications on workflow phases (e.g. `Notifier`); none without it. */
  notifier?: WorkflowPhaseNotifier;
  /** Global execution settings (task resource defaults/limits, max parallelism, ...): the last level of the merge. */
  settings?: ExecutionSettingsConfig;
  /** Publishes every accepted event as a CloudEvent (`EventEgress`); none without it. */
  egress?: EventEgress;
  /** Failures of detached work (notification planning). */
  onError?: (e: unknown) => void;
}

export interface ExecutionServices {
  /** The execution, node/task execution and event methods of AdminService (merge with `createAdminServices`'s). */
  impl: AdminImpl;
  /** The engine's event sink in-process: the same validation as the event RPCs. */
  sink: AdminEventSink;
  executions: ExecutionManager;
  queries: ExecutionQueryManager;
  events: EventManager;
  /** Gate signals: serve `signalService` next to AdminService; pass `signals` to the engine as its `SignalSource`. */
  signals: SignalManager;
  signalService: ServiceBinding;
}

/** Executions, node executions, task executions and events for `startRpcServer`. */
export function createExecutionServices(options: ExecutionServicesOptions): ExecutionServices {
  const repositories = options.repositories;
  const context: ManagerContext = {
    repositories,
    transaction: options.transaction ?? ((fn) => fn(repositories)),
    config: resolveAdminConfig(options.config),
    now: options.now ?? Date.now,
  };
  const notifier = options.notifier;
  const events = new EventManager({
    context,
    ...(options.egress ? { egress: options.egress } : {}),
    ...(notifier
      ? {
          onWorkflowPhase: notifyWorkflowPhase({
            repositories,
            launchPlans: options.managers.launchPlans,
            notifier,
            ...(options.onError ? { onError: options.onError } : {}),
          }),
        }
      : {}),
  });
  const executions = new ExecutionManager({
    context,
    projects: options.managers.projects,
    workflows: options.managers.workflows,
    launchPlans: options.managers.launchPlans,
    tasks: options.managers.tasks,
    blobs: options.blobs,
    storagePrefix: options.storagePrefix,
    launcher: options.launcher,
    ...(options.settings ? { settings: options.settings } : {}),
  });
  const queries = new ExecutionQueryManager({
    context,
    blobs: options.blobs,
    ...(options.maxInlineBytes === undefined ? {} : { maxInlineBytes: options.maxInlineBytes }),
  });
  const impl: AdminImpl = {
    ...executionRpcs(executions, queries),
    ...nodeExecutionRpcs(queries),
    ...taskExecutionRpcs(queries),
    ...eventRpcs(events),
  };
  const signals = new SignalManager({ context });
  return {
    impl,
    sink: new AdminEventSink({ events }),
    executions,
    queries,
    events,
    signals,
    signalService: signalService(signals),
  };
}

export type { ChildExecutionRequest, ExecutionLauncher, LaunchRequest } from "./managers/execution-launcher.js";
export type { WorkflowPhaseNotifier } from "./managers/execution-notifications.js";
