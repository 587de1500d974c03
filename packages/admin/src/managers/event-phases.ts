import { create } from "@bufbuild/protobuf";
import { NodePhase, TaskPhase, WorkflowPhase } from "@flyte-ts/core";
import { ExecutionErrorSchema, type ExecutionError } from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";

/** Rows store phases by name (`RUNNING`); these turn a stored name back into the enum (unknown → UNDEFINED). */
export function phaseOf(name: string): WorkflowPhase {
  const n = (WorkflowPhase as unknown as Record<string, number>)[name];
  return n === undefined ? WorkflowPhase.UNDEFINED : n;
}

export function nodePhaseOf(name: string): NodePhase {
  const n = (NodePhase as unknown as Record<string, number>)[name];
  return n === undefined ? NodePhase.UNDEFINED : n;
}

export function taskPhaseOf(name: string): TaskPhase {
  const n = (TaskPhase as unknown as Record<string, number>)[name];
  return n === undefined ? TaskPhase.UNDEFINED : n;
}

/** The error kind and code columns of a row (filterable: `eq(error_kind,USER)`). */
export function errorColumns(error: ExecutionError): { errorKind: string; errorCode: string } {
  const e = create(ExecutionErrorSchema, error);
  return { errorKind: ["UNKNOWN", "USER", "SYSTEM"][e.kind] ?? "UNKNOWN", errorCode: e.code };
}
