import { fromDbBytes, toDbBytes } from "../bytes.js";
import { applyListOptions, toPage, type ListOptions, type Page } from "../filters/list-query.js";
import { col, type ListSpec } from "../filters/list-spec.js";
import type { TasksTable } from "../schema.js";
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

export interface TaskModel {
  id: EntityId;
  taskType: string;
  shortDescription: string;
  /** `admin.TaskClosure` bytes (compiled task + created_at). */
  closure: Uint8Array;
  /** Content digest; equal digests make a re-registration a no-op. */
  digest: string;
  createdAt: number;
}

export interface TaskRepository {
  /** Idempotent: same id + same digest → `{created:false}`; different digest → `AlreadyExistsError`. */
  create(task: TaskModel): Promise<CreateResult>;
  get(id: EntityId): Promise<TaskModel>;
  list(scope: VersionedScope, options: ListOptions): Promise<Page<TaskModel>>;
  listIds(scope: { project: string; domain: string }, options: ListOptions): Promise<Page<NamedId>>;
}

export const TASK_LIST_SPEC: ListSpec = {
  entity: "task",
  columns: { ...versionedColumns("task"), type: col("task_type"), task_type: col("task_type") },
  defaultSort: { key: "created_at", direction: "DESCENDING" },
  tieBreak: ["name", "version"],
};

const fromRow = (r: TasksTable): TaskModel => ({
  id: idOf(r),
  taskType: r.task_type,
  shortDescription: r.short_description,
  closure: fromDbBytes(r.closure),
  digest: r.digest,
  createdAt: r.created_at,
});

export class KyselyTaskRepository implements TaskRepository {
  private readonly db: Db;
  constructor(options: { db: Db }) {
    this.db = options.db;
  }

  async create(task: TaskModel): Promise<CreateResult> {
    const res = await this.db
      .insertInto("tasks")
      .values({
        ...task.id,
        task_type: task.taskType,
        short_description: task.shortDescription,
        closure: toDbBytes(task.closure),
        digest: task.digest,
        created_at: task.createdAt,
      })
      .onConflict((oc) => oc.columns(["project", "domain", "name", "version"]).doNothing())
      .execute();
    if (wasInserted(res)) return { created: true };
    const existing = await this.get(task.id);
    if (existing.digest !== task.digest) throw differentStructure("task", formatEntityId(task.id));
    return { created: false };
  }

  async get(id: EntityId): Promise<TaskModel> {
    const row = await this.db
      .selectFrom("tasks")
      .selectAll()
      .where("project", "=", id.project)
      .where("domain", "=", id.domain)
      .where("name", "=", id.name)
      .where("version", "=", id.version)
      .executeTakeFirst();
    if (!row) throw notFound("task", formatEntityId(id));
    return fromRow(row);
  }

  async list(scope: VersionedScope, options: ListOptions): Promise<Page<TaskModel>> {
    let base = this.db
      .selectFrom("tasks")
      .selectAll()
      .where("project", "=", scope.project)
      .where("domain", "=", scope.domain);
    if (scope.name !== undefined) base = base.where("name", "=", scope.name);
    const { query, ...window } = applyListOptions(base, TASK_LIST_SPEC, options);
    return toPage(await query.execute(), window, fromRow);
  }

  async listIds(scope: { project: string; domain: string }, options: ListOptions): Promise<Page<NamedId>> {
    const base = this.db
      .selectFrom("tasks")
      .select(["project", "domain", "name"])
      .distinct()
      .where("project", "=", scope.project)
      .where("domain", "=", scope.domain);
    const { query, ...window } = applyListOptions(base, NAMED_ID_LIST_SPEC, options);
    return toPage(await query.execute(), window, (r) => ({ project: r.project, domain: r.domain, name: r.name }));
  }
}
