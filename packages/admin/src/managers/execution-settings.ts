import { clone, create, fromBinary } from "@bufbuild/protobuf";
import { AnnotationsSchema, LabelsSchema, RawOutputDataConfigSchema } from "@flyte-ts/idl/gen/flyteidl/admin/common_pb";
import type { ExecutionSpec } from "@flyte-ts/idl/gen/flyteidl/admin/execution_pb";
import type { LaunchPlanSpec } from "@flyte-ts/idl/gen/flyteidl/admin/launch_plan_pb";
import {
  ExecutionClusterLabelSchema,
  MatchableResource,
  type WorkflowExecutionConfig,
} from "@flyte-ts/idl/gen/flyteidl/admin/matchable_resource_pb";
import type { CompiledWorkflowClosure } from "@flyte-ts/idl/gen/flyteidl/core/compiler_pb";
import { SecurityContextSchema, type SecurityContext } from "@flyte-ts/idl/gen/flyteidl/core/security_pb";
import type { NamedId } from "../persistence/repositories/common.js";
import type { Repositories } from "../persistence/repositories.js";
import { attributeLevels, type ExecutionSettingsConfig } from "./execution-settings-config.js";
import { addPlatform, applyTaskResources, type PlatformResources } from "./execution-settings-resources.js";

/** Annotation keys under which an execution records what the platform decided for it. */
export const SETTINGS_ANNOTATIONS = {
  /** Every task resource default or clamp applied, `; `-separated, naming task, resource and source. */
  taskResources: "flyte-ts.io/task-resources",
  /** EXECUTION_QUEUE tags, comma-separated. */
  executionQueue: "flyte-ts.io/execution-queue",
} as const;

export interface ExecutionSettingsInput {
  repositories: Pick<Repositories, "matchableAttributes" | "projects">;
  id: NamedId;
  workflowName: string;
  launchPlanName: string;
  /** The spec after the request and launch plan values were merged; completed in place. */
  spec: ExecutionSpec;
  launchPlan: LaunchPlanSpec | undefined;
  /** Not modified: a rewritten copy is returned. */
  closure: CompiledWorkflowClosure;
  config: ExecutionSettingsConfig | undefined;
}

export interface ResolvedExecutionSettings {
  /** The closure with every container task's resources defaulted and clamped. */
  closure: CompiledWorkflowClosure;
  /** What was defaulted or clamped, for the user (also in the spec's annotations). */
  notes: string[];
}

const GLOBAL = "global config";

/**
 * Settings by scope at CreateExecution (brief §8.3): every field the request and launch plan left
 * unset is taken from the most specific matchable attributes that set it (launch plan > workflow >
 * project+domain > project), then from admin's global config; task resources are defaulted and
 * clamped in the compiled tasks. The values land in the stored spec, so GetExecution shows them.
 */
export async function resolveExecutionSettings(input: ExecutionSettingsInput): Promise<ResolvedExecutionSettings> {
  const { spec, config = {} } = input;
  const scope = {
    project: input.id.project,
    domain: input.id.domain,
    workflow: input.workflowName,
    launchPlan: input.launchPlanName,
  };
  const levels = (type: MatchableResource) => attributeLevels(input.repositories, scope, type);
  const [wec, tr, queue, label] = await Promise.all([
    levels(MatchableResource.WORKFLOW_EXECUTION_CONFIG),
    levels(MatchableResource.TASK_RESOURCE),
    levels(MatchableResource.EXECUTION_QUEUE),
    levels(MatchableResource.EXECUTION_CLUSTER_LABEL),
  ]);
  const lp = input.launchPlan;
  if (lp) {
    if (!hasSecurity(spec.securityContext) && hasSecurity(lp.securityContext))
      spec.securityContext = lp.securityContext;
    if (!spec.rawOutputDataConfig?.outputLocationPrefix && lp.rawOutputDataConfig?.outputLocationPrefix) {
      spec.rawOutputDataConfig = lp.rawOutputDataConfig;
    }
    if (!spec.envs?.values.length && lp.envs?.values.length) spec.envs = lp.envs;
  }
  const configs: WorkflowExecutionConfig[] = wec.flatMap((l) =>
    l.attributes.target.case === "workflowExecutionConfig" ? [l.attributes.target.value] : [],
  );
  for (const c of configs) mergeExecutionConfig(spec, c);
  mergeGlobal(spec, config);
  // The project's labels are added; the execution's own win on a shared key.
  const project = await input.repositories.projects.get(input.id.project);
  const projectLabels = project.labels ? fromBinary(LabelsSchema, project.labels).values : {};
  if (hasEntries(projectLabels)) {
    spec.labels = create(LabelsSchema, { values: { ...projectLabels, ...spec.labels?.values } });
  }
  const notes: string[] = [];
  const tags =
    queue.flatMap((l) =>
      l.attributes.target.case === "executionQueueAttributes" ? [l.attributes.target.value.tags] : [],
    )[0] ?? config.executionQueue;
  if (tags && tags.length > 0) annotate(spec, SETTINGS_ANNOTATIONS.executionQueue, tags.join(","));
  if (!spec.executionClusterLabel?.value) {
    const value =
      label.flatMap((l) =>
        l.attributes.target.case === "executionClusterLabel" ? [l.attributes.target.value.value] : [],
      )[0] ?? config.executionClusterLabel;
    if (value) spec.executionClusterLabel = create(ExecutionClusterLabelSchema, { value });
  }
  const defaults: PlatformResources = {};
  const limits: PlatformResources = {};
  for (const l of tr) {
    if (l.attributes.target.case !== "taskResourceAttributes") continue;
    addPlatform(defaults, l.attributes.target.value.defaults, `${l.level} TASK_RESOURCE`);
    addPlatform(limits, l.attributes.target.value.limits, `${l.level} TASK_RESOURCE`);
  }
  addPlatform(defaults, config.taskResources?.defaults, GLOBAL);
  addPlatform(limits, config.taskResources?.limits, GLOBAL);
  const settled = applyTaskResources(input.closure, defaults, limits);
  const closure = settled.closure;
  notes.push(...settled.notes);
  if (notes.length > 0) annotate(spec, SETTINGS_ANNOTATIONS.taskResources, notes.join("; "));
  return { closure, notes };
}

/** First set wins: fills what `spec` leaves unset from one WORKFLOW_EXECUTION_CONFIG level. */
function mergeExecutionConfig(spec: ExecutionSpec, c: WorkflowExecutionConfig): void {
  if (spec.maxParallelism === 0 && c.maxParallelism > 0) spec.maxParallelism = c.maxParallelism;
  if (!hasSecurity(spec.securityContext) && hasSecurity(c.securityContext)) spec.securityContext = c.securityContext;
  if (!spec.rawOutputDataConfig?.outputLocationPrefix && c.rawOutputDataConfig?.outputLocationPrefix) {
    spec.rawOutputDataConfig = c.rawOutputDataConfig;
  }
  if (!hasEntries(spec.labels?.values) && hasEntries(c.labels?.values)) spec.labels = c.labels;
  if (!hasEntries(spec.annotations?.values) && hasEntries(c.annotations?.values)) spec.annotations = c.annotations;
  if (spec.interruptible === undefined && c.interruptible !== undefined) spec.interruptible = c.interruptible;
  if (!spec.overwriteCache && c.overwriteCache) spec.overwriteCache = true;
  if (!spec.envs?.values.length && c.envs?.values.length) spec.envs = c.envs;
}

function mergeGlobal(spec: ExecutionSpec, g: ExecutionSettingsConfig): void {
  if (spec.maxParallelism === 0 && g.maxParallelism) spec.maxParallelism = g.maxParallelism;
  if (!spec.rawOutputDataConfig?.outputLocationPrefix && g.rawOutputPrefix) {
    spec.rawOutputDataConfig = create(RawOutputDataConfigSchema, { outputLocationPrefix: g.rawOutputPrefix });
  }
  if (!hasSecurity(spec.securityContext) && g.serviceAccount) {
    spec.securityContext = create(SecurityContextSchema, { runAs: { k8sServiceAccount: g.serviceAccount } });
  }
  if (!hasEntries(spec.labels?.values) && g.labels) spec.labels = create(LabelsSchema, { values: { ...g.labels } });
  if (!hasEntries(spec.annotations?.values) && g.annotations) {
    spec.annotations = create(AnnotationsSchema, { values: { ...g.annotations } });
  }
  if (spec.interruptible === undefined && g.interruptible !== undefined) spec.interruptible = g.interruptible;
  if (!spec.overwriteCache && g.overwriteCache) spec.overwriteCache = true;
}

function annotate(spec: ExecutionSpec, key: string, value: string): void {
  const annotations = spec.annotations ? clone(AnnotationsSchema, spec.annotations) : create(AnnotationsSchema);
  annotations.values[key] = value;
  spec.annotations = annotations;
}

const hasEntries = (m: Record<string, string> | undefined) => m !== undefined && Object.keys(m).length > 0;

/** Flyte treats a security context without identity, secrets or tokens as unset. */
function hasSecurity(s: SecurityContext | undefined): s is SecurityContext {
  if (!s) return false;
  const r = s.runAs;
  const identity = r && (r.iamRole || r.k8sServiceAccount || r.executionIdentity || r.oauth2Client);
  return Boolean(identity) || s.secrets.length > 0 || s.tokens.length > 0;
}
