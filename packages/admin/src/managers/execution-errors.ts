import { FlyteError, ErrorStatus, type FlyteErrorOptions } from "@flyte-ts/core";

/** ABORTED: a concurrent change won; the caller may retry. */
export class AbortedError extends FlyteError {
  constructor(message: string, options: Omit<FlyteErrorOptions, "status" | "kind"> & { code?: string } = {}) {
    super(options.code ?? "Aborted", message, {
      retryable: true,
      ...options,
      status: ErrorStatus.Aborted,
      kind: "system",
    });
    this.name = "AbortedError";
  }
}

/** Stable codes of execution-manager failures. */
export const ExecutionErrorCode = {
  /** A user input is not an expected input of the launch plan, or a fixed one. */
  UnknownInput: "UnknownInput",
  /** A required input has no value and no default. */
  MissingInput: "MissingInput",
  /** An input's value does not match its declared type. */
  InputTypeMismatch: "InputTypeMismatch",
  /** TerminateExecution of a terminal execution. */
  ExecutionAlreadyTerminal: "ExecutionAlreadyTerminal",
  /** The launch plan's workflow has no compiled closure. */
  WorkflowNotCompiled: "WorkflowNotCompiled",
  /** The engine refused to start the execution. */
  LaunchFailed: "LaunchFailed",
} as const;
export type ExecutionErrorCode = (typeof ExecutionErrorCode)[keyof typeof ExecutionErrorCode];
