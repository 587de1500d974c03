import { fromDbBytes, toDbBytes } from "../bytes.js";
import { applyListOptions, toPage, type ListOptions, type Page } from "../filters/list-query.js";
import { col, type ListSpec } from "../filters/list-spec.js";
import type { DescriptionEntitiesTable } from "../schema.js";
import type { Db } from "../transaction.js";
import {
  differentStructure,
  formatEntityId,
  notFound,
  wasInserted,
  type CreateResult,
  type EntityId,
} from "./common.js";
import { idOf, versionedColumns, type VersionedScope } from "./versioned.js";

export interface DescriptionEntityModel {
  /** `core.ResourceType` number of the described entity. */
  resourceType: number;
  id: EntityId;
  shortDescription: string;
  /** `admin.DescriptionEntity` bytes (long description, source code link, tags). */
  entity: Uint8Array;
  digest: string;
  createdAt: number;
}

export interface DescriptionEntityRepository {
  create(entity: DescriptionEntityModel): Promise<CreateResult>;
  get(resourceType: number, id: EntityId): Promise<DescriptionEntityModel>;
  list(resourceType: number, scope: VersionedScope, options: ListOptions): Promise<Page<DescriptionEntityModel>>;
}

export const DESCRIPTION_ENTITY_LIST_SPEC: ListSpec = {
  entity: "description_entity",
  columns: { ...versionedColumns("description_entity"), short_description: col("short_description") },
  defaultSort: { key: "created_at", direction: "DESCENDING" },
  tieBreak: ["name", "version"],
};

const fromRow = (r: DescriptionEntitiesTable): DescriptionEntityModel => ({
  resourceType: r.resource_type,
  id: idOf(r),
  shortDescription: r.short_description,
  entity: fromDbBytes(r.entity),
  digest: r.digest,
  createdAt: r.created_at,
});

export class KyselyDescriptionEntityRepository implements DescriptionEntityRepository {
  private readonly db: Db;
  constructor(options: { db: Db }) {
    this.db = options.db;
  }

  async create(e: DescriptionEntityModel): Promise<CreateResult> {
    const res = await this.db
      .insertInto("description_entities")
      .values({
        resource_type: e.resourceType,
        ...e.id,
        short_description: e.shortDescription,
        entity: toDbBytes(e.entity),
        digest: e.digest,
        created_at: e.createdAt,
      })
      .onConflict((oc) => oc.columns(["resource_type", "project", "domain", "name", "version"]).doNothing())
      .execute();
    if (wasInserted(res)) return { created: true };
    const existing = await this.get(e.resourceType, e.id);
    if (existing.digest !== e.digest) throw differentStructure("description entity", formatEntityId(e.id));
    return { created: false };
  }

  async get(resourceType: number, id: EntityId): Promise<DescriptionEntityModel> {
    const row = await this.db
      .selectFrom("description_entities")
      .selectAll()
      .where("resource_type", "=", resourceType)
      .where("project", "=", id.project)
      .where("domain", "=", id.domain)
      .where("name", "=", id.name)
      .where("version", "=", id.version)
      .executeTakeFirst();
    if (!row) throw notFound("description entity", formatEntityId(id));
    return fromRow(row);
  }

  async list(resourceType: number, scope: VersionedScope, options: ListOptions): Promise<Page<DescriptionEntityModel>> {
    let base = this.db
      .selectFrom("description_entities")
      .selectAll()
      .where("resource_type", "=", resourceType)
      .where("project", "=", scope.project)
      .where("domain", "=", scope.domain);
    if (scope.name !== undefined) base = base.where("name", "=", scope.name);
    const { query, ...window } = applyListOptions(base, DESCRIPTION_ENTITY_LIST_SPEC, options);
    return toPage(await query.execute(), window, fromRow);
  }
}
