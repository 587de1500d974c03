import { LaunchPlanState } from "@flyte-ts/idl/gen/flyteidl/admin/launch_plan_pb";
import { Project_ProjectState as ProjectState } from "@flyte-ts/idl/gen/flyteidl/admin/project_pb";
import type { Kysely } from "kysely";
import { fromDbBytes } from "../persistence/bytes.js";
import type { EntityId, NamedId } from "../persistence/repositories/common.js";
import type { Schema } from "../persistence/schema.js";

/** Migration 0006. */
export interface ScheduleStatesTable {
  project: string;
  domain: string;
  name: string;
  version: string;
  last_slot: number;
  last_execution: string;
  last_error: string;
  updated_at: number;
}

type Db = Kysely<Schema & { schedule_states: ScheduleStatesTable }>;

/** The active version of a scheduled launch plan, as the scheduler reads it. */
export interface ScheduledLaunchPlan {
  id: EntityId;
  /** `admin.LaunchPlanSpec` bytes. */
  spec: Uint8Array;
  /** When this version became ACTIVE (its row's last state change). */
  activatedAt: number;
}

export interface ScheduleState {
  version: string;
  /** The latest fire time launched or skipped, epoch ms. */
  lastSlot: number;
  lastExecution: string;
  lastError: string;
  updatedAt: number;
}

const key = (id: NamedId): string => `${id.project}/${id.domain}/${id.name}`;
export { key as scheduleKey };

/** The launch plan and schedule_states queries of the scheduler (all projects, both dialects). */
export class ScheduleStore {
  readonly #db: Db;
  constructor(options: { db: Kysely<Schema> }) {
    this.#db = options.db.withTables<{ schedule_states: ScheduleStatesTable }>();
  }

  /** ACTIVE launch plans with a schedule, in projects that are not archived; optionally one project/domain. */
  async activeScheduled(scope?: { project: string; domain: string }): Promise<ScheduledLaunchPlan[]> {
    let q = this.#db
      .selectFrom("launch_plans as lp")
      .innerJoin("projects as p", "p.id", "lp.project")
      .select(["lp.project", "lp.domain", "lp.name", "lp.version", "lp.spec", "lp.updated_at"])
      .where("lp.state", "=", LaunchPlanState.ACTIVE)
      .where("lp.schedule_type", "<>", "")
      .where("p.state", "<>", ProjectState.ARCHIVED);
    if (scope) q = q.where("lp.project", "=", scope.project).where("lp.domain", "=", scope.domain);
    const rows = await q.orderBy("lp.project").orderBy("lp.domain").orderBy("lp.name").execute();
    return rows.map((r) => ({
      id: { project: r.project, domain: r.domain, name: r.name, version: r.version },
      spec: fromDbBytes(r.spec),
      activatedAt: r.updated_at,
    }));
  }

  /** Cursors by `project/domain/name`. */
  async states(scope?: { project: string; domain: string }): Promise<Map<string, ScheduleState>> {
    let q = this.#db.selectFrom("schedule_states").selectAll();
    if (scope) q = q.where("project", "=", scope.project).where("domain", "=", scope.domain);
    const out = new Map<string, ScheduleState>();
    for (const r of await q.execute()) {
      out.set(key(r), {
        version: r.version,
        lastSlot: r.last_slot,
        lastExecution: r.last_execution,
        lastError: r.last_error,
        updatedAt: r.updated_at,
      });
    }
    return out;
  }

  /**
   * Moves the cursor of `id`'s launch plan to `slot` (only forward: a second scheduler that
   * launched a later slot already keeps its value). Without `execution` (a skipped slot) the last
   * launched execution is kept.
   */
  async advance(id: EntityId, slot: number, execution: string | undefined, now: number): Promise<void> {
    await this.#db
      .insertInto("schedule_states")
      .values({
        project: id.project,
        domain: id.domain,
        name: id.name,
        version: id.version,
        last_slot: slot,
        last_execution: execution ?? "",
        last_error: "",
        updated_at: now,
      })
      .onConflict((oc) =>
        oc
          .columns(["project", "domain", "name"])
          .doUpdateSet({
            version: id.version,
            last_slot: slot,
            ...(execution === undefined ? {} : { last_execution: execution }),
            last_error: "",
            updated_at: now,
          })
          .where("schedule_states.last_slot", "<", slot),
      )
      .execute();
  }

  /**
   * Records a failed launch without moving the cursor; with no row yet, one is created at `floor`
   * (0 = nothing launched yet: the activation time bounds the catch-up then).
   */
  async recordError(id: EntityId, message: string, floor: number, now: number): Promise<void> {
    await this.#db
      .insertInto("schedule_states")
      .values({
        project: id.project,
        domain: id.domain,
        name: id.name,
        version: id.version,
        last_slot: floor,
        last_execution: "",
        last_error: message,
        updated_at: now,
      })
      .onConflict((oc) =>
        oc.columns(["project", "domain", "name"]).doUpdateSet({ last_error: message, updated_at: now }),
      )
      .execute();
  }
}
