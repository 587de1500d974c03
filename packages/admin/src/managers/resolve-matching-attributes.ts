import type { MatchableResource, MatchingAttributes } from "@flyte-ts/idl/gen/flyteidl/admin/matchable_resource_pb";
import type { Repositories } from "../persistence/repositories.js";
import { decodeAttributes, resourceTypeName } from "./matching-attributes.js";

export interface MatchingAttributesQuery {
  project: string;
  domain: string;
  /** Workflow name (not a version). */
  workflow?: string;
  /** Launch plan name (not a version). */
  launchPlan?: string;
  resourceType: MatchableResource;
}

/**
 * The attributes of `resourceType` that apply to an execution in `project`/`domain` (of `workflow`
 * / `launchPlan`): the most specific stored level wins, launch plan > workflow > project+domain >
 * project (Flyte's priorities 1000 > 100 > 10 > 5). Undefined when none is stored.
 */
export async function resolveMatchingAttributes(
  repos: Pick<Repositories, "matchableAttributes">,
  query: MatchingAttributesQuery,
): Promise<MatchingAttributes | undefined> {
  const row = await repos.matchableAttributes.lookup(
    {
      project: query.project,
      domain: query.domain,
      workflow: query.workflow ?? "",
      launchPlan: query.launchPlan ?? "",
    },
    resourceTypeName(query.resourceType),
  );
  return row ? decodeAttributes(row.attributes) : undefined;
}
