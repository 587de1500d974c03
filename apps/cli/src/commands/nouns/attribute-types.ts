import { fromJson, toJson, type JsonObject } from "@bufbuild/protobuf";
import {
  MatchableResource,
  MatchingAttributesSchema,
  type MatchingAttributes,
} from "@flyte-ts/idl/gen/flyteidl/admin/matchable_resource_pb";
import { CliError, ExitCode } from "../../exit-codes.js";

/** The `--type` names, each a matchable resource and the MatchingAttributes field holding it. */
export const ATTRIBUTE_TYPES = {
  task_resource: { resource: MatchableResource.TASK_RESOURCE, field: "task_resource_attributes" },
  cluster_resource: { resource: MatchableResource.CLUSTER_RESOURCE, field: "cluster_resource_attributes" },
  execution_queue: { resource: MatchableResource.EXECUTION_QUEUE, field: "execution_queue_attributes" },
  execution_cluster_label: { resource: MatchableResource.EXECUTION_CLUSTER_LABEL, field: "execution_cluster_label" },
  quality_of_service: { resource: MatchableResource.QUALITY_OF_SERVICE_SPECIFICATION, field: "quality_of_service" },
  plugin_override: { resource: MatchableResource.PLUGIN_OVERRIDE, field: "plugin_overrides" },
  workflow_execution_config: {
    resource: MatchableResource.WORKFLOW_EXECUTION_CONFIG,
    field: "workflow_execution_config",
  },
  cluster_assignment: { resource: MatchableResource.CLUSTER_ASSIGNMENT, field: "cluster_assignment" },
} as const satisfies Record<string, { resource: MatchableResource; field: string }>;

export type AttributeType = keyof typeof ATTRIBUTE_TYPES;
export const attributeTypeNames = Object.keys(ATTRIBUTE_TYPES) as AttributeType[];

/** An example file per type, for --help and for errors. */
export const ATTRIBUTE_EXAMPLES: Readonly<Record<AttributeType, string>> = {
  task_resource: "defaults: {cpu: '1', memory: 1Gi}\nlimits: {cpu: '4', memory: 8Gi}",
  cluster_resource: "attributes: {projectQuotaCpu: '64', projectQuotaMemory: 256Gi}",
  execution_queue: "tags: [gpu, critical]",
  execution_cluster_label: "value: my-cluster",
  quality_of_service: "tier: HIGH",
  plugin_override:
    "overrides:\n  - task_type: python-task\n    plugin_id: [my-plugin]\n    missing_plugin_behavior: USE_DEFAULT",
  workflow_execution_config: "max_parallelism: 10\nlabels: {values: {team: ml}}",
  cluster_assignment: "cluster_pool_name: gpu-pool",
};

export function parseAttributeType(text: string | undefined): AttributeType {
  if (text !== undefined && text in ATTRIBUTE_TYPES) return text as AttributeType;
  const got = text === undefined ? "no --type" : `unknown --type "${text}"`;
  throw new CliError(`${got}: use one of ${attributeTypeNames.join(", ")}`, ExitCode.Usage);
}

/** MatchingAttributes holding `body` (the attribute message as JSON/YAML) under the type's field. */
export function matchingAttributes(type: AttributeType, body: JsonObject, source: string): MatchingAttributes {
  try {
    return fromJson(MatchingAttributesSchema, { [ATTRIBUTE_TYPES[type].field]: body });
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new CliError(
      `${source} is not a valid ${type} attribute: ${why}\nExample (${type}):\n  ${ATTRIBUTE_EXAMPLES[type].replace(/\n/g, "\n  ")}`,
      ExitCode.Usage,
    );
  }
}

/** The attribute message of `m` as JSON (snake_case, enum names), or undefined when `m` holds another type. */
export function attributeBody(type: AttributeType, m: MatchingAttributes | undefined): JsonObject | undefined {
  if (!m) return undefined;
  const json = toJson(MatchingAttributesSchema, m, { useProtoFieldName: true }) as JsonObject;
  const body = json[ATTRIBUTE_TYPES[type].field];
  return typeof body === "object" && body !== null && !Array.isArray(body) ? body : undefined;
}
