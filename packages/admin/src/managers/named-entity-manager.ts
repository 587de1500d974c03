import { create } from "@bufbuild/protobuf";
import {
  NamedEntityIdentifierSchema,
  NamedEntityListSchema,
  NamedEntityMetadataSchema,
  NamedEntitySchema,
  NamedEntityState,
  type NamedEntity,
  type NamedEntityGetRequest,
  type NamedEntityList,
  type NamedEntityListRequest,
  type NamedEntityUpdateRequest,
} from "@flyte-ts/idl/gen/flyteidl/admin/common_pb";
import type { ResourceType } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import type { NamedEntityModel } from "../persistence/repositories/named-entity-repository.js";
import { NAMED_ENTITY_STATES } from "../validation/entity-validation.js";
import { ENTITY_RESOURCE_TYPES, validateNamedIdentifier, validateScope } from "../validation/identifier-validation.js";
import { toListOptions } from "../validation/list-validation.js";
import { requireEnum, Violations } from "../validation/request-errors.js";
import type { ManagerContext } from "./admin-config.js";

/** System-generated entities (single-task workflows) are hidden unless the request filters on state. */
const HIDE_SYSTEM_GENERATED = `ne(state,${NamedEntityState.SYSTEM_GENERATED})`;

const MAX_DESCRIPTION_LENGTH = 300;

/** Named entities: the version-less (type, project, domain, name) rows with description and state. */
export class NamedEntityManager {
  private readonly ctx: ManagerContext;
  constructor(options: { context: ManagerContext }) {
    this.ctx = options.context;
  }

  async get(req: NamedEntityGetRequest): Promise<NamedEntity> {
    const v = new Violations();
    requireEnum(v, "resource_type", req.resourceType, ENTITY_RESOURCE_TYPES);
    const id = validateNamedIdentifier(v, "id", req.id);
    v.throwIfAny("GetNamedEntity request");
    return toNamedEntity(await this.ctx.repositories.namedEntities.get({ resourceType: req.resourceType, ...id! }));
  }

  /** Sets description and state of an entity that has been registered (NOT_FOUND otherwise). */
  async update(req: NamedEntityUpdateRequest): Promise<void> {
    const v = new Violations();
    requireEnum(v, "resource_type", req.resourceType, ENTITY_RESOURCE_TYPES);
    const id = validateNamedIdentifier(v, "id", req.id);
    if (!req.metadata) v.missing("metadata");
    else {
      requireEnum(v, "metadata.state", req.metadata.state, NAMED_ENTITY_STATES);
      if (req.metadata.description.length > MAX_DESCRIPTION_LENGTH) {
        v.invalid("metadata.description", `metadata.description is longer than ${MAX_DESCRIPTION_LENGTH} characters`);
      }
    }
    v.throwIfAny("UpdateNamedEntity request");
    const metadata = req.metadata!;
    await this.ctx.transaction(async (repos) => {
      const existing = await repos.namedEntities.get({ resourceType: req.resourceType, ...id! });
      await repos.namedEntities.update({
        ...existing,
        description: metadata.description,
        state: metadata.state,
        updatedAt: this.ctx.now(),
      });
    });
  }

  async list(req: NamedEntityListRequest): Promise<NamedEntityList> {
    const v = new Violations();
    requireEnum(v, "resource_type", req.resourceType, ENTITY_RESOURCE_TYPES);
    const scope = validateScope(v, "", req);
    const stateFiltered = /\bstate\s*,/.test(req.filters);
    const options = toListOptions(v, req, stateFiltered ? undefined : HIDE_SYSTEM_GENERATED);
    v.throwIfAny("ListNamedEntities request");
    const page = await this.ctx.repositories.namedEntities.list(
      { resourceType: req.resourceType, ...(scope as { project: string; domain: string }) },
      options,
    );
    return create(NamedEntityListSchema, { entities: page.items.map(toNamedEntity), token: page.token });
  }
}

function toNamedEntity(m: NamedEntityModel): NamedEntity {
  return create(NamedEntitySchema, {
    resourceType: m.resourceType as ResourceType,
    id: create(NamedEntityIdentifierSchema, { project: m.project, domain: m.domain, name: m.name }),
    metadata: create(NamedEntityMetadataSchema, { description: m.description, state: m.state as NamedEntityState }),
  });
}
