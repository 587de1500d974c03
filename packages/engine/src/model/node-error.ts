import { create } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { ContainerError_Kind, type ContainerError } from "@flyte-ts/idl/gen/flyteidl/core/errors_pb";
import {
  ExecutionError_ErrorKind,
  ExecutionErrorSchema,
  type ExecutionError,
} from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";
import { FlyteError } from "@flyte-ts/core";

/** Whose fault a failure is (`core.ExecutionError.kind`). */
export type ErrorKind = "USER" | "SYSTEM" | "UNKNOWN";

/** A node or task failure as the engine carries it: plain data, persisted as JSON. */
export interface NodeError {
  readonly kind: ErrorKind;
  readonly code: string;
  readonly message: string;
  /** Where the full error document lives, when a task wrote one. */
  readonly errorUri?: string;
}

/** Stable error codes the engine itself produces (Flyte's where they exist). */
export const EngineErrorCode = {
  RetriesExhausted: "RetriesExhausted",
  TimeoutExpired: "TimeoutExpired",
  ActiveDeadlineExceeded: "ActiveDeadlineExceeded",
  NodeAborted: "NodeAborted",
  OutputsNotFound: "OutputsNotFound",
  UserProvidedError: "UserProvidedError",
  ReceivedRejectSignal: "ReceivedRejectSignal",
  DynamicWorkflowBuildFailed: "DynamicWorkflowBuildFailed",
  InvalidArrayLength: "InvalidArrayLength",
  ArrayMinSuccessesNotMet: "ArrayMinSuccessesNotMet",
  BindingResolutionFailure: "BindingResolutionFailure",
  BranchEvaluationFailed: "BranchEvaluationFailed",
  NoPluginForTaskType: "NoPluginForTaskType",
  TaskNotFound: "TaskNotFound",
  WorkflowNotFound: "WorkflowNotFound",
  LaunchPlanFailed: "LaunchPlanFailed",
  ChildExecutionAborted: "ChildExecutionAborted",
  SubWorkflowFailed: "SubWorkflowFailed",
  TimeoutInNode: "TimeoutInNode",
  ExecutionDeadlineExceeded: "ExecutionDeadlineExceeded",
  SignalTypeMismatch: "SignalTypeMismatch",
  PluginError: "PluginError",
  UserCodeError: "USER:Unknown",
  AttemptLost: "AttemptLost",
  HandlerError: "HandlerError",
} as const;

export function nodeError(kind: ErrorKind, code: string, message: string): NodeError {
  return { kind, code, message };
}

/** Anything thrown by engine code or a collaborator, as a node error (system unless a user FlyteError). */
export function nodeErrorFromThrown(e: unknown, fallbackCode: string = EngineErrorCode.HandlerError): NodeError {
  if (e instanceof FlyteError) return { kind: e.kind === "user" ? "USER" : "SYSTEM", code: e.code, message: e.message };
  const message = e instanceof Error ? e.message : String(e);
  return { kind: "SYSTEM", code: fallbackCode, message };
}

const kindToProto: Record<ErrorKind, ExecutionError_ErrorKind> = {
  USER: ExecutionError_ErrorKind.USER,
  SYSTEM: ExecutionError_ErrorKind.SYSTEM,
  UNKNOWN: ExecutionError_ErrorKind.UNKNOWN,
};

export function toExecutionError(err: NodeError, atMs?: number): ExecutionError {
  return create(ExecutionErrorSchema, {
    code: err.code,
    message: err.message,
    kind: kindToProto[err.kind],
    errorUri: err.errorUri ?? "",
    ...(atMs === undefined ? {} : { timestamp: timestampFromMs(atMs) }),
  });
}

export function kindFromProto(kind: ExecutionError_ErrorKind): ErrorKind {
  switch (kind) {
    case ExecutionError_ErrorKind.USER:
      return "USER";
    case ExecutionError_ErrorKind.SYSTEM:
      return "SYSTEM";
    case ExecutionError_ErrorKind.UNKNOWN:
      return "UNKNOWN";
    default:
      return "UNKNOWN";
  }
}

/** A task's error document (`error.pb`): the error and whether it may be retried. */
export function fromContainerError(e: ContainerError, errorUri: string): { error: NodeError; recoverable: boolean } {
  return {
    error: { kind: kindFromProto(e.origin), code: e.code, message: e.message, errorUri },
    recoverable: e.kind === ContainerError_Kind.RECOVERABLE,
  };
}
