import { MatchableResource } from "@flyte-ts/idl/gen/flyteidl/admin/matchable_resource_pb";
import { InvalidArgumentError } from "@flyte-ts/core";
import { fromDbBytes, toDbBytes } from "../bytes.js";
import { enumValues } from "../filters/list-spec.js";
import { QueryTemplate } from "../query-template.js";
import type { MatchableAttributesTable } from "../schema.js";
import type { Db } from "../transaction.js";
import { notFound } from "./common.js";

/** Where a set of attributes applies. Blank fields are wildcards; see `scopePriority`. */
export interface AttributeScope {
  project: string;
  domain: string;
  workflow: string;
  launchPlan: string;
}

export interface MatchableAttributesModel {
  scope: AttributeScope;
  /** `MatchableResource` name, e.g. `TASK_RESOURCE`. */
  resourceType: string;
  /** `admin.MatchingAttributes` bytes. */
  attributes: Uint8Array;
  createdAt: number;
  updatedAt: number;
}

export interface MatchableAttributesRecord extends MatchableAttributesModel {
  priority: number;
}

export interface MatchableAttributesRepository {
  /** Creates or replaces the attributes of one scope and resource type. */
  put(model: MatchableAttributesModel): Promise<void>;
  /** The row of exactly this scope; `NotFoundError` if none. */
  get(scope: AttributeScope, resourceType: string): Promise<MatchableAttributesRecord>;
  delete(scope: AttributeScope, resourceType: string): Promise<void>;
  /** All rows of a resource type, optionally of one project, most specific first. */
  list(resourceType: string, project?: string): Promise<MatchableAttributesRecord[]>;
  /**
   * The attributes that apply to an execution of `request`: among the rows whose every scope field
   * is blank or equal to the request's, the one of highest priority; undefined if none.
   */
  lookup(request: AttributeScope, resourceType: string): Promise<MatchableAttributesRecord | undefined>;
}

const RESOURCE_TYPES = Object.keys(enumValues(MatchableResource));

/** Flyte's priorities: project 5 < project+domain 10 < workflow 100 < launch plan 1000. */
export function scopePriority(scope: AttributeScope): number {
  const field = (f: keyof AttributeScope) => `matchable attribute scope needs ${f}`;
  const need = (ok: boolean, f: keyof AttributeScope) => {
    if (!ok) throw new InvalidArgumentError(field(f), { code: "InvalidAttributeScope", details: { field: f } });
  };
  need(scope.project !== "", "project");
  if (scope.launchPlan !== "") {
    need(scope.domain !== "", "domain");
    return 1000;
  }
  if (scope.workflow !== "") {
    need(scope.domain !== "", "domain");
    return 100;
  }
  return scope.domain !== "" ? 10 : 5;
}

function checkType(resourceType: string): void {
  if (!RESOURCE_TYPES.includes(resourceType)) {
    throw new InvalidArgumentError(`unknown matchable resource type ${JSON.stringify(resourceType)}`, {
      code: "InvalidResourceType",
      details: { field: "resource_type" },
    });
  }
}

/** `list`'s query (compiled once: CreateExecution runs it for every settings type). */
const listTemplate = (byProject: boolean) =>
  new QueryTemplate({
    arity: byProject ? 2 : 1,
    build: (db, args) => {
      let q = db.selectFrom("matchable_attributes").selectAll().where("resource_type", "=", args[0]!);
      if (byProject) q = q.where("project", "=", args[1]!);
      return q
        .orderBy("priority", "desc")
        .orderBy("project")
        .orderBy("domain")
        .orderBy("workflow")
        .orderBy("launch_plan");
    },
  });
const LIST_ALL = listTemplate(false);
const LIST_PROJECT = listTemplate(true);

const fromRow = (r: MatchableAttributesTable): MatchableAttributesRecord => ({
  scope: { project: r.project, domain: r.domain, workflow: r.workflow, launchPlan: r.launch_plan },
  resourceType: r.resource_type,
  priority: r.priority,
  attributes: fromDbBytes(r.attributes),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const describe = (s: AttributeScope, t: string) =>
  `${t} for ${[s.project, s.domain, s.workflow, s.launchPlan].join("/")}`;

export class KyselyMatchableAttributesRepository implements MatchableAttributesRepository {
  private readonly db: Db;
  constructor(options: { db: Db }) {
    this.db = options.db;
  }

  private exact(scope: AttributeScope, resourceType: string) {
    return this.db
      .selectFrom("matchable_attributes")
      .selectAll()
      .where("project", "=", scope.project)
      .where("domain", "=", scope.domain)
      .where("workflow", "=", scope.workflow)
      .where("launch_plan", "=", scope.launchPlan)
      .where("resource_type", "=", resourceType);
  }

  async put(m: MatchableAttributesModel): Promise<void> {
    checkType(m.resourceType);
    const priority = scopePriority(m.scope);
    await this.db
      .insertInto("matchable_attributes")
      .values({
        project: m.scope.project,
        domain: m.scope.domain,
        workflow: m.scope.workflow,
        launch_plan: m.scope.launchPlan,
        resource_type: m.resourceType,
        priority,
        attributes: toDbBytes(m.attributes),
        created_at: m.createdAt,
        updated_at: m.updatedAt,
      })
      .onConflict((oc) =>
        oc
          .columns(["project", "domain", "workflow", "launch_plan", "resource_type"])
          .doUpdateSet({ attributes: toDbBytes(m.attributes), priority, updated_at: m.updatedAt }),
      )
      .execute();
  }

  async get(scope: AttributeScope, resourceType: string): Promise<MatchableAttributesRecord> {
    checkType(resourceType);
    const row = await this.exact(scope, resourceType).executeTakeFirst();
    if (!row) throw notFound("matchable attributes", describe(scope, resourceType));
    return fromRow(row);
  }

  async delete(scope: AttributeScope, resourceType: string): Promise<void> {
    checkType(resourceType);
    const res = await this.db
      .deleteFrom("matchable_attributes")
      .where("project", "=", scope.project)
      .where("domain", "=", scope.domain)
      .where("workflow", "=", scope.workflow)
      .where("launch_plan", "=", scope.launchPlan)
      .where("resource_type", "=", resourceType)
      .executeTakeFirst();
    if (res.numDeletedRows === 0n) throw notFound("matchable attributes", describe(scope, resourceType));
  }

  async list(resourceType: string, project?: string): Promise<MatchableAttributesRecord[]> {
    checkType(resourceType);
    const { rows } =
      project === undefined
        ? await LIST_ALL.execute<MatchableAttributesTable>(this.db, [resourceType])
        : await LIST_PROJECT.execute<MatchableAttributesTable>(this.db, [resourceType, project]);
    return rows.map(fromRow);
  }

  async lookup(request: AttributeScope, resourceType: string): Promise<MatchableAttributesRecord | undefined> {
    checkType(resourceType);
    const row = await this.db
      .selectFrom("matchable_attributes")
      .selectAll()
      .where("resource_type", "=", resourceType)
      .where("project", "in", ["", request.project])
      .where("domain", "in", ["", request.domain])
      .where("workflow", "in", ["", request.workflow])
      .where("launch_plan", "in", ["", request.launchPlan])
      .orderBy("priority", "desc")
      .limit(1)
      .executeTakeFirst();
    return row ? fromRow(row) : undefined;
  }
}
