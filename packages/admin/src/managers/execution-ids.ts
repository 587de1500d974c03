import { create } from "@bufbuild/protobuf";
import {
  IdentifierSchema,
  NodeExecutionIdentifierSchema,
  ResourceType,
  TaskExecutionIdentifierSchema,
  WorkflowExecutionIdentifierSchema,
  type Identifier,
  type NodeExecutionIdentifier,
  type TaskExecutionIdentifier,
  type WorkflowExecutionIdentifier,
} from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import type { EntityId, NamedId } from "../persistence/repositories/common.js";
import type { NodeExecutionId } from "../persistence/repositories/node-execution-repository.js";
import type { TaskExecutionId } from "../persistence/repositories/task-execution-repository.js";
import { requireText, type Violations } from "../validation/request-errors.js";

/** Checks a `WorkflowExecutionIdentifier` (project, domain, name set). */
export function validateExecutionId(
  v: Violations,
  field: string,
  id: WorkflowExecutionIdentifier | undefined,
): NamedId | undefined {
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

export function validateNodeExecutionId(
  v: Violations,
  field: string,
  id: NodeExecutionIdentifier | undefined,
): NodeExecutionId | undefined {
  if (!id) {
    v.missing(field);
    return undefined;
  }
  const executionId = validateExecutionId(v, `${field}.execution_id`, id.executionId);
  const hasNode = requireText(v, `${field}.node_id`, id.nodeId);
  return executionId && hasNode ? { executionId, nodeId: id.nodeId } : undefined;
}

export function validateTaskExecutionId(
  v: Violations,
  field: string,
  id: TaskExecutionIdentifier | undefined,
): TaskExecutionId | undefined {
  if (!id) {
    v.missing(field);
    return undefined;
  }
  const node = validateNodeExecutionId(v, `${field}.node_execution_id`, id.nodeExecutionId);
  const task = validateTaskId(v, `${field}.task_id`, id.taskId);
  return node && task ? { nodeExecutionId: node, taskId: task, retryAttempt: id.retryAttempt } : undefined;
}

function validateTaskId(v: Violations, field: string, id: Identifier | undefined): EntityId | undefined {
  if (!id) {
    v.missing(field);
    return undefined;
  }
  const before = v.count;
  for (const part of ["project", "domain", "name", "version"] as const) requireText(v, `${field}.${part}`, id[part]);
  return v.count > before ? undefined : { project: id.project, domain: id.domain, name: id.name, version: id.version };
}

export const toExecutionIdentifier = (id: NamedId): WorkflowExecutionIdentifier =>
  create(WorkflowExecutionIdentifierSchema, { project: id.project, domain: id.domain, name: id.name });

export const toNodeExecutionIdentifier = (id: NodeExecutionId): NodeExecutionIdentifier =>
  create(NodeExecutionIdentifierSchema, { nodeId: id.nodeId, executionId: toExecutionIdentifier(id.executionId) });

export const toTaskExecutionIdentifier = (id: TaskExecutionId): TaskExecutionIdentifier =>
  create(TaskExecutionIdentifierSchema, {
    taskId: create(IdentifierSchema, { resourceType: ResourceType.TASK, ...id.taskId }),
    nodeExecutionId: toNodeExecutionIdentifier(id.nodeExecutionId),
    retryAttempt: id.retryAttempt,
  });

export const formatExecution = (id: NamedId): string => `${id.project}:${id.domain}:${id.name}`;
