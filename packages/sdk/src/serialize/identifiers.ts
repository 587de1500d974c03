import { create } from "@bufbuild/protobuf";
import { IdentifierSchema, ResourceType, type Identifier } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import { AuthoringError, AuthoringErrorCode } from "../authoring/errors.js";
import type { Entity } from "../entities/entity.js";

const RESOURCE: Readonly<Record<Entity["kind"], ResourceType>> = {
  task: ResourceType.TASK,
  workflow: ResourceType.WORKFLOW,
  launchPlan: ResourceType.LAUNCH_PLAN,
};

/** The entity's name, or a named error explaining how to give it one. */
export function requireName(entity: Entity, usedBy?: string): string {
  const name = entity.name;
  if (name !== undefined) return name;
  throw new AuthoringError(
    AuthoringErrorCode.UnnamedEntity,
    `${entity.label}${usedBy ? ` (used by ${usedBy})` : ""} has no name: export it from a packaged module or give it a \`name\``,
  );
}

/**
 * The identifier of an entity. Packaged entities carry only a name (the registering client fills
 * project, domain and version in); reference entities carry all four.
 */
export function identifierOf(entity: Entity, usedBy?: string, kind: Entity["kind"] = entity.kind): Identifier {
  const ref = entity.reference;
  return create(IdentifierSchema, {
    resourceType: RESOURCE[kind],
    name: requireName(entity, usedBy),
    ...(ref ? { project: ref.project, domain: ref.domain, version: ref.version } : {}),
  });
}
