import { Code } from "@connectrpc/connect";
import type { MatchingAttributes } from "@flyte-ts/idl/gen/flyteidl/admin/matchable_resource_pb";
import { isRpcCode, type Remote } from "../../remote/remote-client.js";
import { ATTRIBUTE_TYPES, type AttributeType } from "./attribute-types.js";

/** Where attributes apply: a whole project, a project+domain, or one workflow in a project+domain. */
export type AttributeScope =
  | { level: "project"; project: string }
  | { level: "domain"; project: string; domain: string }
  | { level: "workflow"; project: string; domain: string; workflow: string };

export function describeScope(s: AttributeScope): string {
  switch (s.level) {
    case "project":
      return `project ${s.project}`;
    case "domain":
      return `${s.project}/${s.domain}`;
    case "workflow":
      return `workflow ${s.workflow} in ${s.project}/${s.domain}`;
    default: {
      const unknown: never = s;
      return String(unknown);
    }
  }
}

/** The attributes of one type set at exactly this scope, or undefined when none are. */
export async function getAttributes(
  remote: Remote,
  scope: AttributeScope,
  type: AttributeType,
): Promise<MatchingAttributes | undefined> {
  const resourceType = ATTRIBUTE_TYPES[type].resource;
  try {
    switch (scope.level) {
      case "project":
        return (await remote.admin.getProjectAttributes({ project: scope.project, resourceType })).attributes
          ?.matchingAttributes;
      case "domain":
        return (
          await remote.admin.getProjectDomainAttributes({ project: scope.project, domain: scope.domain, resourceType })
        ).attributes?.matchingAttributes;
      case "workflow":
        return (
          await remote.admin.getWorkflowAttributes({
            project: scope.project,
            domain: scope.domain,
            workflow: scope.workflow,
            resourceType,
          })
        ).attributes?.matchingAttributes;
      default: {
        const unknown: never = scope;
        return unknown;
      }
    }
  } catch (e) {
    if (isRpcCode(e, Code.NotFound)) return undefined;
    throw e;
  }
}

/** Sets (replaces) the attributes of their type at this scope. */
export async function updateAttributes(
  remote: Remote,
  scope: AttributeScope,
  matchingAttributes: MatchingAttributes,
): Promise<void> {
  switch (scope.level) {
    case "project":
      await remote.admin.updateProjectAttributes({ attributes: { project: scope.project, matchingAttributes } });
      return;
    case "domain":
      await remote.admin.updateProjectDomainAttributes({
        attributes: { project: scope.project, domain: scope.domain, matchingAttributes },
      });
      return;
    case "workflow":
      await remote.admin.updateWorkflowAttributes({
        attributes: { project: scope.project, domain: scope.domain, workflow: scope.workflow, matchingAttributes },
      });
      return;
    default: {
      const unknown: never = scope;
      return unknown;
    }
  }
}

/** Deletes the attributes of one type at this scope (NOT_FOUND when none are set). */
export async function deleteAttributes(remote: Remote, scope: AttributeScope, type: AttributeType): Promise<void> {
  const resourceType = ATTRIBUTE_TYPES[type].resource;
  switch (scope.level) {
    case "project":
      await remote.admin.deleteProjectAttributes({ project: scope.project, resourceType });
      return;
    case "domain":
      await remote.admin.deleteProjectDomainAttributes({
        project: scope.project,
        domain: scope.domain,
        resourceType,
      });
      return;
    case "workflow":
      await remote.admin.deleteWorkflowAttributes({
        project: scope.project,
        domain: scope.domain,
        workflow: scope.workflow,
        resourceType,
      });
      return;
    default: {
      const unknown: never = scope;
      return unknown;
    }
  }
}
