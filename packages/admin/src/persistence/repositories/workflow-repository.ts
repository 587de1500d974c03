import { fromDbBytes, toDbBytes } from "../bytes.js";
import { applyListOptions, toPage, type ListOptions, type Page } from "../filters/list-query.js";
import type { ListSpec } from "../filters/list-spec.js";
import type { WorkflowsTable } from "../schema.js";
import type { Db } from "../transaction.js";
import {
  differentStructure,
  formatEntityId,
  notFound,
  wasInserted,
  type CreateResult,
  type EntityId,
  type NamedId,
} from "./common.js";
import { idOf, NAMED_ID_LIST_SPEC, versionedColumns, type VersionedScope } from "./versioned.js";

export interface WorkflowModel {
  id: EntityId;
  shortDescription: string;
  /** `admin.WorkflowClosure` bytes (compiled workflow closure + created_at). */
  closure: Uint8Array;
  /** Content digest; equal digests make a re-registration a no-op. */
  digest: string;
  createdAt: number;
}

export interface WorkflowRepository {
  /** Idempotent: same id + same digest → `{created:false}`; different digest → `AlreadyExistsError`. */
  create(workflow: WorkflowModel): Promise<CreateResult>;
  get(id: EntityId): Promise<WorkflowModel>;
  list(scope: VersionedScope, options: ListOptions): Promise<Page<WorkflowModel>>;
  listIds(scope: { project: string; domain: string }, options: ListOptions): Promise<Page<NamedId>>;
}

export const WORKFLOW_LIST_SPEC: ListSpec = {
  entity: "workflow",
  columns: versionedColumns("workflow"),
  defaultSort: { key: "created_at", direction: "DESCENDING" },
  tieBreak: ["name", "version"],
};

const fromRow = (r: WorkflowsTable): WorkflowModel => ({
  id: idOf(r),
  shortDescription: r.short_description,
  closure: fromDbBytes(r.closure),
  digest: r.digest,
  createdAt: r.created_at,
});

export class KyselyWorkflowRepository implements WorkflowRepository {
  private readonly db: Db;
  constructor(options: { db: Db }) {
    this.db = options.db;
  }

  async create(workflow: WorkflowModel): Promise<CreateResult> {
    const res = await this.db
      .insertInto("workflows")
      .values({
        ...workflow.id,
        short_description: workflow.shortDescription,
        closure: toDbBytes(workflow.closure),
        digest: workflow.digest,
        created_at: workflow.createdAt,
      })
      .onConflict((oc) => oc.columns(["project", "domain", "name", "version"]).doNothing())
      .execute();
    if (wasInserted(res)) return { created: true };
    const existing = await this.get(workflow.id);
    if (existing.digest !== workflow.digest) throw differentStructure("workflow", formatEntityId(workflow.id));
    return { created: false };
  }

  async get(id: EntityId): Promise<WorkflowModel> {
    const row = await this.db
      .selectFrom("workflows")
      .selectAll()
      .where("project", "=", id.project)
      .where("domain", "=", id.domain)
      .where("name", "=", id.name)
      .where("version", "=", id.version)
      .executeTakeFirst();
    if (!row) throw notFound("workflow", formatEntityId(id));
    return fromRow(row);
  }

  async list(scope: VersionedScope, options: ListOptions): Promise<Page<WorkflowModel>> {
    let base = this.db
      .selectFrom("workflows")
      .selectAll()
      .where("project", "=", scope.project)
      .where("domain", "=", scope.domain);
    if (scope.name !== undefined) base = base.where("name", "=", scope.name);
    const { query, ...window } = applyListOptions(base, WORKFLOW_LIST_SPEC, options);
    return toPage(await query.execute(), window, fromRow);
  }

  async listIds(scope: { project: string; domain: string }, options: ListOptions): Promise<Page<NamedId>> {
    const base = this.db
      .selectFrom("workflows")
      .select(["project", "domain", "name"])
      .distinct()
      .where("project", "=", scope.project)
      .where("domain", "=", scope.domain);
    const { query, ...window } = applyListOptions(base, NAMED_ID_LIST_SPEC, options);
    return toPage(await query.execute(), window, (r) => ({ project: r.project, domain: r.domain, name: r.name }));
  }
}
