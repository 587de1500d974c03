import { create, toBinary } from "@bufbuild/protobuf";
import { isFlyteError } from "@flyte-ts/core";
import {
  NamedEntityIdentifierListSchema,
  NamedEntityIdentifierSchema,
  NamedEntityState,
  type NamedEntityIdentifierList,
  type NamedEntityIdentifierListRequest,
  type ResourceListRequest,
} from "@flyte-ts/idl/gen/flyteidl/admin/common_pb";
import {
  DescriptionEntitySchema,
  type DescriptionEntity,
} from "@flyte-ts/idl/gen/flyteidl/admin/description_entity_pb";
import type { ListOptions, Page } from "../persistence/filters/list-query.js";
import type { Repositories } from "../persistence/repositories.js";
import type { EntityId, NamedId } from "../persistence/repositories/common.js";
import type { VersionedScope } from "../persistence/repositories/versioned.js";
import type { EntityResourceType, FullId } from "../validation/identifier-validation.js";
import { validateScope } from "../validation/identifier-validation.js";
import { toListOptions } from "../validation/list-validation.js";
import { Violations } from "../validation/request-errors.js";
import { contentDigest } from "./content-digest.js";

export const entityIdOf = (id: FullId): EntityId => ({
  project: id.project,
  domain: id.domain,
  name: id.name,
  version: id.version,
});

export const displayId = (id: EntityId): string => `${id.project}:${id.domain}:${id.name}:${id.version}`;

/** True for the repositories' "same id, different digest" conflict. */
export const isDifferentStructure = (e: unknown): boolean =>
  isFlyteError(e) && e.status === "already_exists" && e.code === "ExistsDifferentStructure";

/** Registration of a new version makes sure its named entity exists (ACTIVE, no description). */
export async function ensureNamedEntity(
  repos: Repositories,
  resourceType: EntityResourceType,
  id: EntityId,
  now: number,
): Promise<void> {
  await repos.namedEntities.ensure({
    resourceType,
    project: id.project,
    domain: id.domain,
    name: id.name,
    description: "",
    state: NamedEntityState.NAMED_ENTITY_ACTIVE,
    createdAt: now,
    updatedAt: now,
  });
}

/** Stores a spec's description entity next to a newly registered version (as Flyte). */
export async function storeDescription(
  repos: Repositories,
  resourceType: EntityResourceType,
  id: EntityId,
  description: DescriptionEntity | undefined,
  now: number,
): Promise<void> {
  if (!description) return;
  await repos.descriptionEntities.create({
    resourceType,
    id,
    shortDescription: description.shortDescription,
    entity: toBinary(DescriptionEntitySchema, description),
    digest: contentDigest(DescriptionEntitySchema, description),
    createdAt: now,
  });
}

/** ListTasks / ListWorkflows / ListLaunchPlans: project and domain required, name optional. */
export function versionedListRequest(
  req: ResourceListRequest,
  what: string,
): { scope: VersionedScope; options: ListOptions } {
  const v = new Violations();
  const scope = validateScope(v, "id", req.id);
  const options = toListOptions(v, req);
  v.throwIfAny(`${what} request`);
  const s = scope as { project: string; domain: string };
  const name = req.id?.name ?? "";
  return { scope: name === "" ? s : { ...s, name }, options };
}

/** ListTaskIds / ListWorkflowIds / ListLaunchPlanIds. */
export async function listNamedIds(
  req: NamedEntityIdentifierListRequest,
  what: string,
  list: (scope: { project: string; domain: string }, options: ListOptions) => Promise<Page<NamedId>>,
): Promise<NamedEntityIdentifierList> {
  const v = new Violations();
  const scope = validateScope(v, "", req);
  const options = toListOptions(v, req);
  v.throwIfAny(`${what} request`);
  const page = await list(scope as { project: string; domain: string }, options);
  return create(NamedEntityIdentifierListSchema, {
    entities: page.items.map((n) => create(NamedEntityIdentifierSchema, n)),
    token: page.token,
  });
}
