import { NamedEntityState } from "@flyte-ts/idl/gen/flyteidl/admin/common_pb";
import { applyListOptions, toPage, type ListOptions, type Page } from "../filters/list-query.js";
import { col, enumValues, TIMESTAMP, type ListSpec } from "../filters/list-spec.js";
import type { NamedEntitiesTable } from "../schema.js";
import type { Db } from "../transaction.js";
import { formatNamedId, notFound, type NamedId } from "./common.js";

export interface NamedEntityKey extends NamedId {
  /** `core.ResourceType` number (TASK=1, WORKFLOW=2, LAUNCH_PLAN=3). */
  resourceType: number;
}

export interface NamedEntityModel extends NamedEntityKey {
  description: string;
  /** `admin.NamedEntityState` number. */
  state: number;
  createdAt: number;
  updatedAt: number;
}

export interface NamedEntityRepository {
  /** Creates the row if missing (registration calls this); never overwrites existing metadata. */
  ensure(entity: NamedEntityModel): Promise<void>;
  /** Sets description and state, creating the row if needed. */
  update(entity: NamedEntityModel): Promise<void>;
  get(key: NamedEntityKey): Promise<NamedEntityModel>;
  list(
    scope: { resourceType: number; project: string; domain: string },
    options: ListOptions,
  ): Promise<Page<NamedEntityModel>>;
}

export const NAMED_ENTITY_LIST_SPEC: ListSpec = {
  entity: "named_entity",
  columns: {
    name: col("name"),
    description: col("description"),
    state: col("state", { kind: "enum", values: enumValues(NamedEntityState) }),
    created_at: col("created_at", TIMESTAMP),
    updated_at: col("updated_at", TIMESTAMP),
  },
  defaultSort: { key: "name", direction: "ASCENDING" },
  tieBreak: ["name"],
};

const fromRow = (r: NamedEntitiesTable): NamedEntityModel => ({
  resourceType: r.resource_type,
  project: r.project,
  domain: r.domain,
  name: r.name,
  description: r.description,
  state: r.state,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const toRow = (m: NamedEntityModel): NamedEntitiesTable => ({
  resource_type: m.resourceType,
  project: m.project,
  domain: m.domain,
  name: m.name,
  description: m.description,
  state: m.state,
  created_at: m.createdAt,
  updated_at: m.updatedAt,
});

const KEY = ["resource_type", "project", "domain", "name"] as const;

export class KyselyNamedEntityRepository implements NamedEntityRepository {
  private readonly db: Db;
  constructor(options: { db: Db }) {
    this.db = options.db;
  }

  async ensure(entity: NamedEntityModel): Promise<void> {
    await this.db
      .insertInto("named_entities")
      .values(toRow(entity))
      .onConflict((oc) => oc.columns(KEY).doNothing())
      .execute();
  }

  async update(entity: NamedEntityModel): Promise<void> {
    await this.db
      .insertInto("named_entities")
      .values(toRow(entity))
      .onConflict((oc) =>
        oc
          .columns(KEY)
          .doUpdateSet({ description: entity.description, state: entity.state, updated_at: entity.updatedAt }),
      )
      .execute();
  }

  async get(key: NamedEntityKey): Promise<NamedEntityModel> {
    const row = await this.db
      .selectFrom("named_entities")
      .selectAll()
      .where("resource_type", "=", key.resourceType)
      .where("project", "=", key.project)
      .where("domain", "=", key.domain)
      .where("name", "=", key.name)
      .executeTakeFirst();
    if (!row) throw notFound("named entity", `${key.resourceType}/${formatNamedId(key)}`);
    return fromRow(row);
  }

  async list(
    scope: { resourceType: number; project: string; domain: string },
    options: ListOptions,
  ): Promise<Page<NamedEntityModel>> {
    const base = this.db
      .selectFrom("named_entities")
      .selectAll()
      .where("resource_type", "=", scope.resourceType)
      .where("project", "=", scope.project)
      .where("domain", "=", scope.domain);
    const { query, ...window } = applyListOptions(base, NAMED_ENTITY_LIST_SPEC, options);
    return toPage(await query.execute(), window, fromRow);
  }
}
