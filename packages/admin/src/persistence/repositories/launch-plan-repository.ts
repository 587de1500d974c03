import { LaunchPlanState } from "@flyte-ts/idl/gen/flyteidl/admin/launch_plan_pb";
import { fromDbBytes, toDbBytes } from "../bytes.js";
import { applyListOptions, toPage, type ListOptions, type Page } from "../filters/list-query.js";
import { col, enumValues, TIMESTAMP, type ListSpec } from "../filters/list-spec.js";
import type { LaunchPlansTable } from "../schema.js";
import { inTransaction, type Db } from "../transaction.js";
import {
  differentStructure,
  formatEntityId,
  formatNamedId,
  notFound,
  wasInserted,
  type CreateResult,
  type EntityId,
  type NamedId,
} from "./common.js";
import { idOf, NAMED_ID_LIST_SPEC, versionedColumns, type VersionedScope } from "./versioned.js";

export interface LaunchPlanModel {
  id: EntityId;
  workflowId: EntityId;
  /** `admin.LaunchPlanSpec` bytes. */
  spec: Uint8Array;
  /** `admin.LaunchPlanClosure` bytes; its `state` is superseded by the `state` field. */
  closure: Uint8Array;
  /** `admin.LaunchPlanState` (INACTIVE=0, ACTIVE=1); authoritative. */
  state: number;
  /** "" (none), "cron" or "rate". */
  scheduleType: string;
  /** The cron expression, or `<value> <unit>` for a rate. */
  scheduleExpression: string;
  kickoffTimeInputArg: string;
  digest: string;
  createdAt: number;
  updatedAt: number;
}

export interface LaunchPlanRepository {
  /** Idempotent by digest like tasks. New launch plans should be created INACTIVE. */
  create(lp: LaunchPlanModel): Promise<CreateResult>;
  get(id: EntityId): Promise<LaunchPlanModel>;
  list(scope: VersionedScope, options: ListOptions): Promise<Page<LaunchPlanModel>>;
  listIds(scope: { project: string; domain: string }, options: ListOptions): Promise<Page<NamedId>>;
  /** The ACTIVE version of a named launch plan; `NotFoundError` when none is. */
  getActive(id: NamedId): Promise<LaunchPlanModel>;
  listActive(scope: { project: string; domain: string }, options: ListOptions): Promise<Page<LaunchPlanModel>>;
  /**
   * Sets one version's state. Activating deactivates the previously active version of the same
   * named launch plan in the same transaction. Returns the versions whose state changed.
   */
  setState(id: EntityId, state: number, now: number): Promise<{ activated: EntityId[]; deactivated: EntityId[] }>;
}

export const LAUNCH_PLAN_LIST_SPEC: ListSpec = {
  entity: "launch_plan",
  columns: {
    ...versionedColumns("launch_plan"),
    state: col("state", { kind: "enum", values: enumValues(LaunchPlanState) }),
    schedule_type: col("schedule_type"),
    updated_at: col("updated_at", TIMESTAMP),
    "workflow.name": col("workflow_name"),
    "workflow.version": col("workflow_version"),
  },
  defaultSort: { key: "created_at", direction: "DESCENDING" },
  tieBreak: ["name", "version"],
};

const fromRow = (r: LaunchPlansTable): LaunchPlanModel => ({
  id: idOf(r),
  workflowId: {
    project: r.workflow_project,
    domain: r.workflow_domain,
    name: r.workflow_name,
    version: r.workflow_version,
  },
  spec: fromDbBytes(r.spec),
  closure: fromDbBytes(r.closure),
  state: r.state,
  scheduleType: r.schedule_type,
  scheduleExpression: r.schedule_expression,
  kickoffTimeInputArg: r.kickoff_time_input_arg,
  digest: r.digest,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const toRow = (m: LaunchPlanModel): LaunchPlansTable => ({
  ...m.id,
  workflow_project: m.workflowId.project,
  workflow_domain: m.workflowId.domain,
  workflow_name: m.workflowId.name,
  workflow_version: m.workflowId.version,
  spec: toDbBytes(m.spec),
  closure: toDbBytes(m.closure),
  state: m.state,
  schedule_type: m.scheduleType,
  schedule_expression: m.scheduleExpression,
  kickoff_time_input_arg: m.kickoffTimeInputArg,
  digest: m.digest,
  created_at: m.createdAt,
  updated_at: m.updatedAt,
});

export class KyselyLaunchPlanRepository implements LaunchPlanRepository {
  private readonly db: Db;
  constructor(options: { db: Db }) {
    this.db = options.db;
  }

  private named(db: Db, id: NamedId) {
    return db
      .selectFrom("launch_plans")
      .selectAll()
      .where("project", "=", id.project)
      .where("domain", "=", id.domain)
      .where("name", "=", id.name);
  }

  async create(lp: LaunchPlanModel): Promise<CreateResult> {
    const res = await this.db
      .insertInto("launch_plans")
      .values(toRow(lp))
      .onConflict((oc) => oc.columns(["project", "domain", "name", "version"]).doNothing())
      .execute();
    if (wasInserted(res)) return { created: true };
    const existing = await this.get(lp.id);
    if (existing.digest !== lp.digest) throw differentStructure("launch plan", formatEntityId(lp.id));
    return { created: false };
  }

  async get(id: EntityId): Promise<LaunchPlanModel> {
    const row = await this.named(this.db, id).where("version", "=", id.version).executeTakeFirst();
    if (!row) throw notFound("launch plan", formatEntityId(id));
    return fromRow(row);
  }

  async list(scope: VersionedScope, options: ListOptions): Promise<Page<LaunchPlanModel>> {
    let base = this.db
      .selectFrom("launch_plans")
      .selectAll()
      .where("project", "=", scope.project)
      .where("domain", "=", scope.domain);
    if (scope.name !== undefined) base = base.where("name", "=", scope.name);
    const { query, ...window } = applyListOptions(base, LAUNCH_PLAN_LIST_SPEC, options);
    return toPage(await query.execute(), window, fromRow);
  }

  async listIds(scope: { project: string; domain: string }, options: ListOptions): Promise<Page<NamedId>> {
    const base = this.db
      .selectFrom("launch_plans")
      .select(["project", "domain", "name"])
      .distinct()
      .where("project", "=", scope.project)
      .where("domain", "=", scope.domain);
    const { query, ...window } = applyListOptions(base, NAMED_ID_LIST_SPEC, options);
    return toPage(await query.execute(), window, (r) => ({ project: r.project, domain: r.domain, name: r.name }));
  }

  async getActive(id: NamedId): Promise<LaunchPlanModel> {
    const row = await this.named(this.db, id).where("state", "=", LaunchPlanState.ACTIVE).executeTakeFirst();
    if (!row) throw notFound("active launch plan", formatNamedId(id));
    return fromRow(row);
  }

  async listActive(scope: { project: string; domain: string }, options: ListOptions): Promise<Page<LaunchPlanModel>> {
    const base = this.db
      .selectFrom("launch_plans")
      .selectAll()
      .where("project", "=", scope.project)
      .where("domain", "=", scope.domain)
      .where("state", "=", LaunchPlanState.ACTIVE);
    const { query, ...window } = applyListOptions(base, LAUNCH_PLAN_LIST_SPEC, options);
    return toPage(await query.execute(), window, fromRow);
  }

  async setState(
    id: EntityId,
    state: number,
    now: number,
  ): Promise<{ activated: EntityId[]; deactivated: EntityId[] }> {
    return inTransaction(this.db, async (trx) => {
      // Serialize activations of one launch plan name on one gate row (its lowest version): a
      // no-op write takes that row's lock on PostgreSQL and the write lock on SQLite. Without it two
      // activations of different versions both read "nothing else is active" and both activate;
      // locking every version instead can deadlock, as two updates may lock rows in different orders.
      await trx
        .updateTable("launch_plans")
        .set((eb) => ({ updated_at: eb.ref("updated_at") }))
        .where("project", "=", id.project)
        .where("domain", "=", id.domain)
        .where("name", "=", id.name)
        .where("version", "=", (eb) =>
          eb
            .selectFrom("launch_plans as gate")
            .select((g) => g.fn.min<string>("gate.version").as("v"))
            .where("gate.project", "=", id.project)
            .where("gate.domain", "=", id.domain)
            .where("gate.name", "=", id.name),
        )
        .execute();
      const target = await this.named(trx, id).where("version", "=", id.version).executeTakeFirst();
      if (!target) throw notFound("launch plan", formatEntityId(id));
      const deactivated: EntityId[] = [];
      if (state === (LaunchPlanState.ACTIVE as number)) {
        const others = await this.named(trx, id)
          .where("state", "=", LaunchPlanState.ACTIVE)
          .where("version", "<>", id.version)
          .execute();
        for (const o of others) deactivated.push(idOf(o));
        await trx
          .updateTable("launch_plans")
          .set({ state: LaunchPlanState.INACTIVE, updated_at: now })
          .where("project", "=", id.project)
          .where("domain", "=", id.domain)
          .where("name", "=", id.name)
          .where("state", "=", LaunchPlanState.ACTIVE)
          .where("version", "<>", id.version)
          .execute();
      }
      if (target.state === state) return { activated: [], deactivated };
      await trx
        .updateTable("launch_plans")
        .set({ state, updated_at: now })
        .where("project", "=", id.project)
        .where("domain", "=", id.domain)
        .where("name", "=", id.name)
        .where("version", "=", id.version)
        .execute();
      if (state === (LaunchPlanState.ACTIVE as number)) return { activated: [id], deactivated };
      return { activated: [], deactivated: [...deactivated, id] };
    });
  }
}
