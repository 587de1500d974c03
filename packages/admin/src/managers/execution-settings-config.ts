import { fromBinary } from "@bufbuild/protobuf";
import {
  MatchableResource,
  MatchingAttributesSchema,
  type MatchingAttributes,
} from "@flyte-ts/idl/gen/flyteidl/admin/matchable_resource_pb";
import type { Repositories } from "../persistence/repositories.js";

/** Resource quantities in Kubernetes notation (`500m`, `2`, `1Gi`). */
export interface ResourceQuantities {
  cpu?: string;
  gpu?: string;
  memory?: string;
  storage?: string;
  ephemeralStorage?: string;
}

/**
 * Admin's global execution settings (the last level of the merge, brief §8.3): what an execution
 * gets when neither its request, its launch plan nor any matchable attribute sets a field.
 */
export interface ExecutionSettingsConfig {
  /** Platform task resources: `defaults` fill unset requests, `limits` clamp requests and limits. */
  taskResources?: { defaults?: ResourceQuantities; limits?: ResourceQuantities };
  /** Flyte's default is 25; unset here = 0 (no limit) unless configured. */
  maxParallelism?: number;
  /** Raw output data prefix (`RawOutputDataConfig.output_location_prefix`). */
  rawOutputPrefix?: string;
  interruptible?: boolean;
  overwriteCache?: boolean;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** `security_context.run_as.k8s_service_account`. */
  serviceAccount?: string;
  /** EXECUTION_QUEUE tags. */
  executionQueue?: string[];
  /** EXECUTION_CLUSTER_LABEL. */
  executionClusterLabel?: string;
}

/** Where an execution's settings came from, most specific first. */
export interface AttributeLevel {
  /** `launch plan`, `workflow`, `project+domain`, `project`. */
  level: string;
  attributes: MatchingAttributes;
}

const LEVELS: Record<number, string> = { 1000: "launch plan", 100: "workflow", 10: "project+domain", 5: "project" };

/**
 * Every stored level of `type` that applies to an execution of `scope`, most specific first (launch
 * plan > workflow > project+domain > project). Read from the repository directly: the settings are
 * merged field by field across levels, which needs all of them, not only the winner.
 */
export async function attributeLevels(
  repos: Pick<Repositories, "matchableAttributes">,
  scope: { project: string; domain: string; workflow: string; launchPlan: string },
  type: MatchableResource,
): Promise<AttributeLevel[]> {
  const rows = await repos.matchableAttributes.list(MatchableResource[type], scope.project);
  const fits = (stored: string, wanted: string) => stored === "" || stored === wanted;
  return rows
    .filter(
      (r) =>
        fits(r.scope.domain, scope.domain) &&
        fits(r.scope.workflow, scope.workflow) &&
        fits(r.scope.launchPlan, scope.launchPlan),
    )
    .sort((a, b) => b.priority - a.priority)
    .map((r) => ({
      level: LEVELS[r.priority] ?? `priority ${r.priority}`,
      attributes: fromBinary(MatchingAttributesSchema, r.attributes),
    }));
}
