import type { LaunchPlanCreateRequest, LaunchPlanUpdateRequest } from "@flyte-ts/idl/gen/flyteidl/admin/launch_plan_pb";
import { LaunchPlanState } from "@flyte-ts/idl/gen/flyteidl/admin/launch_plan_pb";
import type { TaskCreateRequest } from "@flyte-ts/idl/gen/flyteidl/admin/task_pb";
import type { WorkflowCreateRequest } from "@flyte-ts/idl/gen/flyteidl/admin/workflow_pb";
import { NamedEntityState } from "@flyte-ts/idl/gen/flyteidl/admin/common_pb";
import { ResourceType } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import type { TaskTemplate } from "@flyte-ts/idl/gen/flyteidl/core/tasks_pb";
import type { WorkflowTemplate } from "@flyte-ts/idl/gen/flyteidl/core/workflow_pb";
import { reconcileTemplateId, validateIdentifier, type FullId } from "./identifier-validation.js";
import { requireEnum, Violations } from "./request-errors.js";

export const LAUNCH_PLAN_STATES: Readonly<Record<number, string>> = {
  [LaunchPlanState.INACTIVE]: "INACTIVE",
  [LaunchPlanState.ACTIVE]: "ACTIVE",
};

export const NAMED_ENTITY_STATES: Readonly<Record<number, string>> = {
  [NamedEntityState.NAMED_ENTITY_ACTIVE]: "NAMED_ENTITY_ACTIVE",
  [NamedEntityState.NAMED_ENTITY_ARCHIVED]: "NAMED_ENTITY_ARCHIVED",
  [NamedEntityState.SYSTEM_GENERATED]: "SYSTEM_GENERATED",
};

export interface ValidTaskCreate {
  id: FullId;
  /** The template with its id set to the full request id. */
  template: TaskTemplate;
}

export function validateTaskCreate(req: TaskCreateRequest): ValidTaskCreate {
  const v = new Violations();
  const id = validateIdentifier(v, "id", req.id, ResourceType.TASK);
  const template = req.spec?.template;
  if (!req.spec) v.missing("spec");
  else if (!template) v.missing("spec.template");
  else if (template.type.trim() === "") v.missing("spec.template.type");
  if (id && template) template.id = reconcileTemplateId(v, "spec.template.id", template.id, id);
  v.throwIfAny("CreateTask request");
  return { id: id as FullId, template: template as TaskTemplate };
}

export interface ValidWorkflowCreate {
  id: FullId;
  template: WorkflowTemplate;
  subWorkflows: WorkflowTemplate[];
}

export function validateWorkflowCreate(req: WorkflowCreateRequest): ValidWorkflowCreate {
  const v = new Violations();
  const id = validateIdentifier(v, "id", req.id, ResourceType.WORKFLOW);
  const template = req.spec?.template;
  if (!req.spec) v.missing("spec");
  else if (!template) v.missing("spec.template");
  if (id && template) template.id = reconcileTemplateId(v, "spec.template.id", template.id, id);
  const subWorkflows = req.spec?.subWorkflows ?? [];
  subWorkflows.forEach((sub, i) => {
    if (!sub.id || sub.id.name === "") v.missing(`spec.sub_workflows[${i}].id.name`);
    else if (sub.id.resourceType !== ResourceType.WORKFLOW) {
      v.invalid(
        `spec.sub_workflows[${i}].id.resource_type`,
        `spec.sub_workflows[${i}].id.resource_type must be WORKFLOW`,
      );
    }
  });
  v.throwIfAny("CreateWorkflow request");
  return { id: id as FullId, template: template as WorkflowTemplate, subWorkflows };
}

export interface ValidLaunchPlanCreate {
  id: FullId;
  workflowId: FullId;
}

export function validateLaunchPlanCreate(req: LaunchPlanCreateRequest): ValidLaunchPlanCreate {
  const v = new Violations();
  const id = validateIdentifier(v, "id", req.id, ResourceType.LAUNCH_PLAN);
  let workflowId: FullId | undefined;
  if (!req.spec) v.missing("spec");
  else workflowId = validateIdentifier(v, "spec.workflow_id", req.spec.workflowId, ResourceType.WORKFLOW);
  if (req.spec && req.spec.maxParallelism < 0)
    v.invalid("spec.max_parallelism", "spec.max_parallelism must not be negative");
  v.throwIfAny("CreateLaunchPlan request");
  return { id: id as FullId, workflowId: workflowId as FullId };
}

export function validateLaunchPlanUpdate(req: LaunchPlanUpdateRequest): { id: FullId; state: LaunchPlanState } {
  const v = new Violations();
  const id = validateIdentifier(v, "id", req.id, ResourceType.LAUNCH_PLAN, { implicitType: true });
  requireEnum(v, "state", req.state, LAUNCH_PLAN_STATES);
  v.throwIfAny("UpdateLaunchPlan request");
  return { id: id as FullId, state: req.state };
}
