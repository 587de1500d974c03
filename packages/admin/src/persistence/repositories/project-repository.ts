import { Project_ProjectState } from "@flyte-ts/idl/gen/flyteidl/admin/project_pb";
import { fromDbBytes, toDbBytesOrNull } from "../bytes.js";
import { applyListOptions, toPage, type ListOptions, type Page } from "../filters/list-query.js";
import { col, enumValues, TIMESTAMP, type ListSpec } from "../filters/list-spec.js";
import type { ProjectsTable } from "../schema.js";
import type { Db } from "../transaction.js";
import { alreadyExists, notFound, wasInserted } from "./common.js";

export interface ProjectModel {
  id: string;
  name: string;
  description: string;
  /** `admin.Labels` bytes. */
  labels: Uint8Array | null;
  /** `Project.ProjectState` number. */
  state: number;
  createdAt: number;
  updatedAt: number;
}

export interface ProjectRepository {
  /** Throws `AlreadyExistsError` when the id is taken. */
  create(project: ProjectModel): Promise<void>;
  get(id: string): Promise<ProjectModel>;
  /** Replaces name, description, labels and state. Throws `NotFoundError`. */
  update(project: ProjectModel): Promise<void>;
  list(options: ListOptions): Promise<Page<ProjectModel>>;
}

export const PROJECT_LIST_SPEC: ListSpec = {
  entity: "project",
  columns: {
    id: col("id"),
    name: col("name"),
    description: col("description"),
    state: col("state", { kind: "enum", values: enumValues(Project_ProjectState) }),
    created_at: col("created_at", TIMESTAMP),
    updated_at: col("updated_at", TIMESTAMP),
  },
  defaultSort: { key: "created_at", direction: "DESCENDING" },
  tieBreak: ["id"],
};

const toRow = (p: ProjectModel): ProjectsTable => ({
  id: p.id,
  name: p.name,
  description: p.description,
  labels: toDbBytesOrNull(p.labels),
  state: p.state,
  created_at: p.createdAt,
  updated_at: p.updatedAt,
});

const fromRow = (r: ProjectsTable): ProjectModel => ({
  id: r.id,
  name: r.name,
  description: r.description,
  labels: r.labels === null ? null : fromDbBytes(r.labels),
  state: r.state,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export class KyselyProjectRepository implements ProjectRepository {
  private readonly db: Db;
  constructor(options: { db: Db }) {
    this.db = options.db;
  }

  async create(project: ProjectModel): Promise<void> {
    const res = await this.db
      .insertInto("projects")
      .values(toRow(project))
      .onConflict((oc) => oc.column("id").doNothing())
      .execute();
    if (!wasInserted(res)) throw alreadyExists("project", project.id);
  }

  async get(id: string): Promise<ProjectModel> {
    const row = await this.db.selectFrom("projects").selectAll().where("id", "=", id).executeTakeFirst();
    if (!row) throw notFound("project", id);
    return fromRow(row);
  }

  async update(project: ProjectModel): Promise<void> {
    const { id: _id, created_at: _c, ...rest } = toRow(project);
    const res = await this.db.updateTable("projects").set(rest).where("id", "=", project.id).executeTakeFirst();
    if (res.numUpdatedRows === 0n) throw notFound("project", project.id);
  }

  async list(options: ListOptions): Promise<Page<ProjectModel>> {
    const { query, ...window } = applyListOptions(
      this.db.selectFrom("projects").selectAll(),
      PROJECT_LIST_SPEC,
      options,
    );
    return toPage(await query.execute(), window, fromRow);
  }
}
