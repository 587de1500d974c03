import { isFlyteError } from "@flyte-ts/core";
import {
  ListMatchableAttributesResponseSchema,
  MatchableAttributesConfigurationSchema,
  type ListMatchableAttributesRequest,
  type ListMatchableAttributesResponse,
  type MatchableResource,
  type MatchingAttributes,
} from "@flyte-ts/idl/gen/flyteidl/admin/matchable_resource_pb";
import { create } from "@bufbuild/protobuf";
import type { AttributeScope } from "../persistence/repositories/matchable-attributes-repository.js";
import { requireEnum, requireText, Violations } from "../validation/request-errors.js";
import type { ManagerContext } from "./admin-config.js";
import {
  decodeAttributes,
  encodeAttributes,
  MATCHABLE_RESOURCE_NAMES,
  mergeForUpdate,
  RESOURCE_TYPE_OF_TARGET,
  resourceTypeName,
} from "./matching-attributes.js";

/** The levels the AdminService exposes: project, project+domain, workflow (launch-plan level has no RPC). */
export type AttributeLevel = "project" | "project_domain" | "workflow";

/** A scope as a request names it: the level decides which of the fields are required. */
export interface AttributeTarget {
  project: string;
  domain: string;
  workflow: string;
}

const NEEDS: Readonly<Record<AttributeLevel, readonly (keyof AttributeTarget)[]>> = {
  project: ["project"],
  project_domain: ["project", "domain"],
  workflow: ["project", "domain", "workflow"],
};

/**
 * Matchable attributes per project, project+domain and workflow (Flyte's resource manager):
 * update replaces a scope's attributes of one resource type (plugin overrides merge per task
 * type), get/delete answer NOT_FOUND when nothing is stored for exactly that scope.
 */
export class AttributesManager {
  readonly #ctx: ManagerContext;
  constructor(options: { context: ManagerContext }) {
    this.#ctx = options.context;
  }

  /** Stores `matching` for the scope of `target` (fields under `attributes.` in the request). */
  async update(
    level: AttributeLevel,
    what: string,
    target: AttributeTarget | undefined,
    matching: MatchingAttributes | undefined,
  ): Promise<void> {
    const v = new Violations();
    if (!target) v.missing("attributes");
    else this.#checkFields(v, level, "attributes.", target);
    const kind = matching?.target.case;
    if (target && !matching) v.missing("attributes.matching_attributes");
    else if (target && kind === undefined) {
      v.invalid(
        "attributes.matching_attributes",
        "attributes.matching_attributes sets no attributes (unrecognized type)",
      );
    }
    v.throwIfAny(`${what} request`);
    const t = target as AttributeTarget;
    await this.#checkExists(level, "attributes.", t, what);
    const resourceType = resourceTypeName(RESOURCE_TYPE_OF_TARGET[kind as keyof typeof RESOURCE_TYPE_OF_TARGET]);
    const scope = scopeOf(level, t);
    const now = this.#ctx.now();
    await this.#ctx.transaction(async (repos) => {
      const existing = await repos.matchableAttributes.get(scope, resourceType).catch((e: unknown) => {
        if (isFlyteError(e) && e.status === "not_found") return undefined;
        throw e;
      });
      const merged = mergeForUpdate(existing && decodeAttributes(existing.attributes), matching as MatchingAttributes);
      await repos.matchableAttributes.put({
        scope,
        resourceType,
        attributes: encodeAttributes(merged),
        createdAt: existing?.createdAt ?? now,
        updatedAt: now,
      });
    });
  }

  async get(
    level: AttributeLevel,
    what: string,
    target: AttributeTarget,
    resourceType: MatchableResource,
  ): Promise<MatchingAttributes> {
    const scope = await this.#checked(level, what, target, resourceType);
    const row = await this.#ctx.repositories.matchableAttributes.get(scope, resourceTypeName(resourceType));
    return decodeAttributes(row.attributes);
  }

  async delete(
    level: AttributeLevel,
    what: string,
    target: AttributeTarget,
    resourceType: MatchableResource,
  ): Promise<void> {
    const scope = await this.#checked(level, what, target, resourceType);
    await this.#ctx.repositories.matchableAttributes.delete(scope, resourceTypeName(resourceType));
  }

  /** Every stored scope's attributes of one resource type, most specific first. */
  async list(req: ListMatchableAttributesRequest): Promise<ListMatchableAttributesResponse> {
    const v = new Violations();
    requireEnum(v, "resource_type", req.resourceType, MATCHABLE_RESOURCE_NAMES);
    v.throwIfAny("ListMatchableAttributes request");
    const rows = await this.#ctx.repositories.matchableAttributes.list(resourceTypeName(req.resourceType));
    return create(ListMatchableAttributesResponseSchema, {
      configurations: rows.map((r) =>
        create(MatchableAttributesConfigurationSchema, {
          attributes: decodeAttributes(r.attributes),
          project: r.scope.project,
          domain: r.scope.domain,
          workflow: r.scope.workflow,
          launchPlan: r.scope.launchPlan,
        }),
      ),
    });
  }

  async #checked(
    level: AttributeLevel,
    what: string,
    target: AttributeTarget,
    resourceType: MatchableResource,
  ): Promise<AttributeScope> {
    const v = new Violations();
    this.#checkFields(v, level, "", target);
    requireEnum(v, "resource_type", resourceType, MATCHABLE_RESOURCE_NAMES);
    v.throwIfAny(`${what} request`);
    await this.#checkExists(level, "", target, what);
    return scopeOf(level, target);
  }

  #checkFields(v: Violations, level: AttributeLevel, prefix: string, target: AttributeTarget): void {
    for (const field of NEEDS[level]) requireText(v, `${prefix}${field}`, target[field]);
  }

  /** The project must be registered and the domain configured (INVALID_ARGUMENT naming the field, as Flyte). */
  async #checkExists(level: AttributeLevel, prefix: string, target: AttributeTarget, what: string): Promise<void> {
    const v = new Violations();
    const exists = await this.#ctx.repositories.projects.get(target.project).then(
      () => true,
      (e: unknown) => {
        if (isFlyteError(e) && e.status === "not_found") return false;
        throw e;
      },
    );
    if (!exists) v.invalid(`${prefix}project`, `${prefix}project "${target.project}" is not a registered project`);
    const domains = this.#ctx.config.domains.map((d) => d.id);
    if (NEEDS[level].includes("domain") && !domains.includes(target.domain)) {
      v.invalid(
        `${prefix}domain`,
        `${prefix}domain "${target.domain}" is not one of the configured domains (${domains.join(", ")})`,
      );
    }
    v.throwIfAny(`${what} request`);
  }
}

function scopeOf(level: AttributeLevel, t: AttributeTarget): AttributeScope {
  return {
    project: t.project,
    domain: level === "project" ? "" : t.domain,
    workflow: level === "workflow" ? t.workflow : "",
    launchPlan: "",
  };
}
