import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import {
  MatchableResource,
  MatchingAttributesSchema,
  PluginOverridesSchema,
  type MatchingAttributes,
} from "@flyte-ts/idl/gen/flyteidl/admin/matchable_resource_pb";

type TargetCase = NonNullable<MatchingAttributes["target"]["case"]>;

/** Which resource type each kind of `MatchingAttributes` configures (one exhaustive table). */
export const RESOURCE_TYPE_OF_TARGET: Readonly<Record<TargetCase, MatchableResource>> = {
  taskResourceAttributes: MatchableResource.TASK_RESOURCE,
  clusterResourceAttributes: MatchableResource.CLUSTER_RESOURCE,
  executionQueueAttributes: MatchableResource.EXECUTION_QUEUE,
  executionClusterLabel: MatchableResource.EXECUTION_CLUSTER_LABEL,
  qualityOfService: MatchableResource.QUALITY_OF_SERVICE_SPECIFICATION,
  pluginOverrides: MatchableResource.PLUGIN_OVERRIDE,
  workflowExecutionConfig: MatchableResource.WORKFLOW_EXECUTION_CONFIG,
  clusterAssignment: MatchableResource.CLUSTER_ASSIGNMENT,
};

/** Names of `MatchableResource` values, as the repository stores them. */
export const MATCHABLE_RESOURCE_NAMES: Readonly<Record<number, string>> = Object.fromEntries(
  Object.entries(MatchableResource)
    .filter(([, v]) => typeof v === "number")
    .map(([k, v]) => [v, k]),
);

/** The repository's name for a resource type (`TASK_RESOURCE`, ...). */
export function resourceTypeName(type: MatchableResource): string {
  return MATCHABLE_RESOURCE_NAMES[type] ?? String(type);
}

export const encodeAttributes = (a: MatchingAttributes): Uint8Array => toBinary(MatchingAttributesSchema, a);
export const decodeAttributes = (b: Uint8Array): MatchingAttributes => fromBinary(MatchingAttributesSchema, b);

/**
 * What an update stores: the new attributes replace the old, except plugin overrides, which are
 * merged per task type (an override for a task type replaces that type's, the others stay), as Flyte.
 */
export function mergeForUpdate(
  existing: MatchingAttributes | undefined,
  incoming: MatchingAttributes,
): MatchingAttributes {
  if (incoming.target.case !== "pluginOverrides" || existing?.target.case !== "pluginOverrides") return incoming;
  const replaced = new Set(incoming.target.value.overrides.map((o) => o.taskType));
  const kept = existing.target.value.overrides.filter((o) => !replaced.has(o.taskType));
  return create(MatchingAttributesSchema, {
    target: {
      case: "pluginOverrides",
      value: create(PluginOverridesSchema, { overrides: [...kept, ...incoming.target.value.overrides] }),
    },
  });
}
