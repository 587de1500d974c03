import { create, fromBinary } from "@bufbuild/protobuf";
import type { ObjectGetRequest } from "@flyte-ts/idl/gen/flyteidl/admin/common_pb";
import {
  DescriptionEntityListSchema,
  DescriptionEntitySchema,
  type DescriptionEntity,
  type DescriptionEntityList,
  type DescriptionEntityListRequest,
} from "@flyte-ts/idl/gen/flyteidl/admin/description_entity_pb";
import { IdentifierSchema, ResourceType } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import type { DescriptionEntityModel } from "../persistence/repositories/description-entity-repository.js";
import {
  ENTITY_RESOURCE_TYPES,
  validateIdentifier,
  validateScope,
  type EntityResourceType,
} from "../validation/identifier-validation.js";
import { toListOptions } from "../validation/list-validation.js";
import { requireEnum, Violations } from "../validation/request-errors.js";
import type { ManagerContext } from "./admin-config.js";

/**
 * Description entities: the long description, source link and tags of a task or workflow version,
 * stored by registration when the spec carries a description.
 */
export class DescriptionEntityManager {
  readonly #ctx: ManagerContext;
  constructor(options: { context: ManagerContext }) {
    this.#ctx = options.context;
  }

  async get(req: ObjectGetRequest): Promise<DescriptionEntity> {
    const v = new Violations();
    const type = req.id?.resourceType ?? ResourceType.UNSPECIFIED;
    const known = req.id !== undefined && requireEnum(v, "id.resource_type", type, ENTITY_RESOURCE_TYPES);
    // An unknown type is reported once (above), not again as a mismatch.
    const checked = req.id && !known ? { ...req.id, resourceType: ResourceType.TASK } : req.id;
    const id = validateIdentifier(v, "id", checked, (known ? type : ResourceType.TASK) as EntityResourceType);
    v.throwIfAny("GetDescriptionEntity request");
    const full = id as NonNullable<typeof id>;
    return toEntity(await this.#ctx.repositories.descriptionEntities.get(type, full));
  }

  /** Versions of one entity (name given) or every entity of a project/domain, newest first. */
  async list(req: DescriptionEntityListRequest): Promise<DescriptionEntityList> {
    const v = new Violations();
    requireEnum(v, "resource_type", req.resourceType, ENTITY_RESOURCE_TYPES);
    const scope = validateScope(v, "id", req.id);
    const options = toListOptions(v, req);
    v.throwIfAny("ListDescriptionEntities request");
    const s = scope as { project: string; domain: string };
    const name = req.id?.name ?? "";
    const page = await this.#ctx.repositories.descriptionEntities.list(
      req.resourceType,
      name === "" ? s : { ...s, name },
      options,
    );
    return create(DescriptionEntityListSchema, { descriptionEntities: page.items.map(toEntity), token: page.token });
  }
}

function toEntity(m: DescriptionEntityModel): DescriptionEntity {
  const entity = fromBinary(DescriptionEntitySchema, m.entity);
  entity.id = create(IdentifierSchema, { resourceType: m.resourceType, ...m.id });
  if (entity.shortDescription === "") entity.shortDescription = m.shortDescription;
  return entity;
}
