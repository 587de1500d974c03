import { create } from "@bufbuild/protobuf";
import {
  NodeExecutionIdentifierSchema,
  WorkflowExecutionIdentifierSchema,
  type NodeExecutionIdentifier,
  type WorkflowExecutionIdentifier,
} from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";

/** An execution's identity: the parts of `core.WorkflowExecutionIdentifier` the engine uses. */
export interface ExecutionId {
  readonly project: string;
  readonly domain: string;
  readonly name: string;
}

/** The one string key of an execution in stores and maps: `project/domain/name`. */
export function executionKey(id: ExecutionId): string {
  return `${id.project}/${id.domain}/${id.name}`;
}

export function toExecutionIdentifier(id: ExecutionId): WorkflowExecutionIdentifier {
  return create(WorkflowExecutionIdentifierSchema, { project: id.project, domain: id.domain, name: id.name });
}

export function toNodeExecutionIdentifier(id: ExecutionId, nodeUniqueId: string): NodeExecutionIdentifier {
  return create(NodeExecutionIdentifierSchema, { nodeId: nodeUniqueId, executionId: toExecutionIdentifier(id) });
}

/** Whether a JSON value (handler state) holds an execution id. */
export function isExecutionIdJson(v: unknown): v is ExecutionId {
  if (v === null || typeof v !== "object") return false;
  const o = v as Record<string, unknown>;
  return typeof o.project === "string" && typeof o.domain === "string" && typeof o.name === "string";
}
