import { create } from "@bufbuild/protobuf";
import type { NamedEntityIdentifier } from "@flyte-ts/idl/gen/flyteidl/admin/common_pb";
import { IdentifierSchema, ResourceType, type Identifier } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import { requireText, type Violations } from "./request-errors.js";

/** The resource types registration deals with, and their names in messages. */
export const ENTITY_RESOURCE_TYPES: Readonly<Record<number, string>> = {
  [ResourceType.TASK]: "TASK",
  [ResourceType.WORKFLOW]: "WORKFLOW",
  [ResourceType.LAUNCH_PLAN]: "LAUNCH_PLAN",
};

export type EntityResourceType = ResourceType.TASK | ResourceType.WORKFLOW | ResourceType.LAUNCH_PLAN;

/** A fully specified versioned identifier, as the managers work with it. */
export interface FullId {
  resourceType: EntityResourceType;
  project: string;
  domain: string;
  name: string;
  version: string;
}

const typeName = (t: number): string => ResourceType[t] ?? `unknown (${t})`;

/**
 * Checks a versioned identifier: present, of the expected resource type, every part set.
 * `implicitType` accepts UNSPECIFIED as the expected type (a GET over REST carries no type in its
 * path, so Flyte fills it in). Returns the identifier when it is usable.
 */
export function validateIdentifier(
  v: Violations,
  field: string,
  id: Identifier | undefined,
  expected: EntityResourceType,
  options: { implicitType?: boolean } = {},
): FullId | undefined {
  if (!id) {
    v.missing(field);
    return undefined;
  }
  const before = v.count;
  const implicit = options.implicitType === true && id.resourceType === ResourceType.UNSPECIFIED;
  if (!implicit && id.resourceType !== expected) {
    v.invalid(
      `${field}.resource_type`,
      `${field}.resource_type is ${typeName(id.resourceType)}, expected ${typeName(expected)}`,
    );
  }
  requireText(v, `${field}.project`, id.project);
  requireText(v, `${field}.domain`, id.domain);
  requireText(v, `${field}.name`, id.name);
  requireText(v, `${field}.version`, id.version);
  if (v.count > before) return undefined;
  return { resourceType: expected, project: id.project, domain: id.domain, name: id.name, version: id.version };
}

/** Checks a version-less identifier: project, domain and name set. */
export function validateNamedIdentifier(
  v: Violations,
  field: string,
  id: NamedEntityIdentifier | undefined,
): { project: string; domain: string; name: string } | undefined {
  if (!id) {
    v.missing(field);
    return undefined;
  }
  const before = v.count;
  requireText(v, `${field}.project`, id.project);
  requireText(v, `${field}.domain`, id.domain);
  requireText(v, `${field}.name`, id.name);
  return v.count > before ? undefined : { project: id.project, domain: id.domain, name: id.name };
}

/** Checks the project and domain of a list scope. */
export function validateScope(
  v: Violations,
  prefix: string,
  scope: { project: string; domain: string } | undefined,
): { project: string; domain: string } | undefined {
  const p = prefix === "" ? "" : `${prefix}.`;
  if (!scope) {
    v.missing(prefix);
    return undefined;
  }
  const before = v.count;
  requireText(v, `${p}project`, scope.project);
  requireText(v, `${p}domain`, scope.domain);
  return v.count > before ? undefined : { project: scope.project, domain: scope.domain };
}

/**
 * An entity's own id inside its spec (`spec.template.id`) must agree with the request id; parts it
 * leaves empty are taken from the request id. Returns the identifier the template should carry.
 */
export function reconcileTemplateId(
  v: Violations,
  field: string,
  templateId: Identifier | undefined,
  id: FullId,
): Identifier {
  const out = create(IdentifierSchema, { ...id, org: templateId?.org ?? "" });
  if (!templateId) return out;
  if (templateId.resourceType !== ResourceType.UNSPECIFIED && templateId.resourceType !== id.resourceType) {
    v.invalid(
      `${field}.resource_type`,
      `${field}.resource_type is ${typeName(templateId.resourceType)} but id.resource_type is ${typeName(id.resourceType)}`,
    );
  }
  for (const part of ["project", "domain", "name", "version"] as const) {
    const given = templateId[part];
    if (given !== "" && given !== id[part]) {
      v.invalid(`${field}.${part}`, `${field}.${part} is "${given}" but id.${part} is "${id[part]}"`);
    }
  }
  return out;
}

export const toIdentifier = (id: FullId): Identifier => create(IdentifierSchema, { ...id });
