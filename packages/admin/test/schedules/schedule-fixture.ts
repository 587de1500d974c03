import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { create, fromBinary, type MessageInitShape } from "@bufbuild/protobuf";
import { literals, types } from "@flyte-ts/idl";
import {
  ExecutionMetadata_ExecutionMode,
  ExecutionSpecSchema,
  type ExecutionSpec,
} from "@flyte-ts/idl/gen/flyteidl/admin/execution_pb";
import {
  LaunchPlanCreateRequestSchema as LaunchPlanCreate,
  LaunchPlanSpecSchema,
  LaunchPlanState,
  LaunchPlanUpdateRequestSchema as LaunchPlanUpdate,
} from "@flyte-ts/idl/gen/flyteidl/admin/launch_plan_pb";
import type { ScheduleSchema } from "@flyte-ts/idl/gen/flyteidl/admin/schedule_pb";
import { TaskCreateRequestSchema as TaskCreate } from "@flyte-ts/idl/gen/flyteidl/admin/task_pb";
import { WorkflowCreateRequestSchema as WorkflowCreate } from "@flyte-ts/idl/gen/flyteidl/admin/workflow_pb";
import { ResourceType } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import { buildPackage } from "@flyte-ts/sdk";
import { FileStore } from "@flyte-ts/storage";
import { createAdminManagers, type AdminManagers } from "../../src/index.js";
import { createExecutionServices, type ExecutionServices, type LaunchRequest } from "../../src/execution-services.js";
import type { ManualScheduler } from "../../src/notifications/scheduler.js";
import { openDatabase, type Database, type DatabaseConfig } from "../../src/persistence/database.js";
import { createRepositories, withTransaction, type Repositories } from "../../src/persistence/repositories.js";
import { Scheduler, type SchedulerOptions } from "../../src/schedules/scheduler.js";
import { hydrate } from "../registration/snacks-package.js";
import * as entities from "./fixtures/scheduled.js";

export const PD = { project: "flytesnacks", domain: "development" };
export const WF = "test.schedules.fixtures.scheduled.daily";
/** Monday 2026-01-05 10:00:30 UTC. */
export const START = Date.UTC(2026, 0, 5, 10, 0, 30);
export const HOUR = 3_600_000;
export const MINUTE = 60_000;

/** One control plane (like one server process): its own database handle, managers and executions. */
export interface ScheduleFixture {
  database: Database;
  repositories: Repositories;
  managers: AdminManagers;
  services: ExecutionServices;
  /** What was handed to the engine (which is not running here: the scheduler's job ends at CreateExecution). */
  launches: LaunchRequest[];
  errors: unknown[];
  scheduler(options?: Partial<SchedulerOptions>): Scheduler;
  /** Registers the fixture tasks and workflows (launch plans point at version v1). */
  registerWorkflows(version: string): Promise<void>;
  registerLaunchPlan(name: string, version: string, schedule: MessageInitShape<typeof ScheduleSchema>): Promise<void>;
  setActive(name: string, version: string, active: boolean): Promise<void>;
  /** Scheduled executions in the database, oldest fire time first. */
  executions(): Promise<{ name: string; version: string; spec: ExecutionSpec }[]>;
  close(): Promise<void>;
}

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), "flyte-schedules-"));
}

export async function openScheduleFixture(o: {
  clock: ManualScheduler;
  database: DatabaseConfig;
  blobsDir: string;
}): Promise<ScheduleFixture> {
  const database = await openDatabase(o.database);
  const repositories = createRepositories(database.db);
  const transaction = <T>(fn: (r: typeof repositories) => Promise<T>) => withTransaction(database.db, fn);
  const now = () => o.clock.now();
  const managers = createAdminManagers({ repositories, transaction, now });
  await managers.projects.ensureDefaultProjects();
  const launches: LaunchRequest[] = [];
  const root = pathToFileURL(join(o.blobsDir, "blobs")).href;
  const services = createExecutionServices({
    repositories,
    transaction,
    managers,
    blobs: new FileStore({ root }),
    storagePrefix: root,
    launcher: {
      launch: (r) => {
        launches.push(r);
        return Promise.resolve();
      },
      abort: () => Promise.resolve(),
    },
    now,
  });
  const errors: unknown[] = [];
  const schedulers: Scheduler[] = [];
  const lpId = (name: string, version: string) => ({ resourceType: ResourceType.LAUNCH_PLAN, ...PD, name, version });
  return {
    database,
    repositories,
    managers,
    services,
    launches,
    errors,
    scheduler(options = {}) {
      const s = new Scheduler({
        db: database.db,
        executions: services.executions,
        clock: o.clock,
        pollIntervalMs: MINUTE,
        onError: (e) => errors.push(e),
        ...options,
      });
      schedulers.push(s);
      return s;
    },
    async registerWorkflows(version) {
      const pkg = await buildPackage([{ modulePath: "test/schedules/fixtures/scheduled.ts", exports: entities }]);
      const scope = { ...PD, version };
      for (const e of pkg.entries) {
        if (e.kind === "task") {
          const spec = hydrate(e.message, scope);
          await managers.tasks.create(create(TaskCreate, { id: spec.template?.id, spec }));
        } else if (e.kind === "workflow") {
          const spec = hydrate(e.message, scope);
          await managers.workflows.create(create(WorkflowCreate, { id: spec.template?.id, spec }));
        }
      }
    },
    async registerLaunchPlan(name, version, schedule) {
      await managers.launchPlans.create(
        create(LaunchPlanCreate, { id: lpId(name, version), spec: scheduledSpec(WF, "v1", schedule) }),
      );
    },
    async setActive(name, version, active) {
      const state = active ? LaunchPlanState.ACTIVE : LaunchPlanState.INACTIVE;
      await managers.launchPlans.update(create(LaunchPlanUpdate, { id: lpId(name, version), state }));
    },
    async executions() {
      const rows = await database.db
        .selectFrom("executions")
        .select(["name", "launch_plan_version", "spec"])
        .where("mode", "=", ExecutionMetadata_ExecutionMode.SCHEDULED)
        .execute();
      const out = rows.map((r) => ({
        name: r.name,
        version: r.launch_plan_version,
        spec: fromBinary(ExecutionSpecSchema, new Uint8Array(r.spec)),
      }));
      const at = (s: ExecutionSpec) => Number(s.metadata?.scheduledAt?.seconds ?? 0n);
      return out.sort((a, b) => at(a.spec) - at(b.spec));
    },
    async close() {
      for (const s of schedulers) await s.stop();
      await database.close();
    },
  };
}

/** `daily` with `n` defaulted to 7 and the given schedule (kickoff input `at` unless the schedule says otherwise). */
export function scheduledSpec(workflow: string, version: string, schedule: MessageInitShape<typeof ScheduleSchema>) {
  return create(LaunchPlanSpecSchema, {
    workflowId: { resourceType: ResourceType.WORKFLOW, ...PD, name: workflow, version },
    defaultInputs: {
      parameters: { n: { var: { type: types.integer() }, behavior: { case: "default", value: literals.integer(7) } } },
    },
    entityMetadata: { schedule },
  });
}

export const cron = (expression: string, kickoff = "at"): MessageInitShape<typeof ScheduleSchema> => ({
  ScheduleExpression: { case: "cronSchedule", value: { schedule: expression } },
  kickoffTimeInputArg: kickoff,
});

/** The fire times (epoch ms) of the scheduled executions. */
export const scheduledTimes = (rows: { spec: ExecutionSpec }[]): number[] =>
  rows.map((r) => Number(r.spec.metadata?.scheduledAt?.seconds ?? 0n) * 1000);

/**
 * Moves the clock to `t`, firing each timer on the way and letting the passes it starts finish
 * before the next one, as real time would.
 */
export async function advanceTo(clock: ManualScheduler, schedulers: readonly Scheduler[], t: number): Promise<void> {
  for (;;) {
    for (const s of schedulers) await s.settled();
    const next = clock.pending()[0];
    if (next === undefined || clock.now() + next > t) break;
    clock.advance(next);
  }
  if (clock.now() < t) clock.advance(t - clock.now());
  for (const s of schedulers) await s.settled();
}
