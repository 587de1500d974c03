import { UserError } from "@flyte-ts/core";

/**
 * Codes of authoring mistakes. Where Flyte's compiler has a code for the same mistake, we reuse it
 * (`VariableNameNotFound`, `MismatchingTypes`, `ParameterNotBound`, `CycleDetected`, ...).
 */
export const AuthoringErrorCode = {
  VariableNameNotFound: "VariableNameNotFound",
  MismatchingTypes: "MismatchingTypes",
  ParameterNotBound: "ParameterNotBound",
  CycleDetected: "CycleDetected",
  FieldNotFound: "FieldNotFound",
  PromiseOutsideWorkflow: "PromiseOutsideWorkflow",
  InvalidWorkflowBody: "InvalidWorkflowBody",
  InvalidBranch: "InvalidBranch",
  InvalidValue: "InvalidValue",
  InvalidEntity: "InvalidEntity",
  UnnamedEntity: "UnnamedEntity",
  NoLocalRunner: "NoLocalRunner",
  InvalidSchedule: "InvalidSchedule",
} as const;
export type AuthoringErrorCode = (typeof AuthoringErrorCode)[keyof typeof AuthoringErrorCode];

/** A mistake in how tasks and workflows were written, reported when they are defined. */
export class AuthoringError extends UserError {
  constructor(code: AuthoringErrorCode, message: string, details: Readonly<Record<string, string>> = {}) {
    super(code, message, { details });
    this.name = "AuthoringError";
  }
}
