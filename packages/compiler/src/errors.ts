/**
 * Compile errors: Flyte's error code names (flytepropeller/pkg/compiler/errors), the node the error
 * is about, the variable when there is one, and a message a user can act on.
 */
export const CompileErrorCode = {
  CycleDetected: "CycleDetected",
  BranchNodeIdNotFound: "BranchNodeIdNotFound",
  BranchNodeHasNoCondition: "BranchNodeHasNoCondition",
  BranchNodeNotSpecified: "BranchNodeNotSpecified",
  BranchNodeHasNoDefault: "BranchNodeHasNoDefault",
  ValueRequired: "ValueRequired",
  InvalidValue: "InvalidValue",
  NodeReferenceNotFound: "NodeReferenceNotFound",
  TaskReferenceNotFound: "TaskReferenceNotFound",
  WorkflowReferenceNotFound: "WorkflowReferenceNotFound",
  VariableNameNotFound: "VariableNameNotFound",
  DuplicateAlias: "DuplicateAlias",
  DuplicateId: "DuplicateId",
  MismatchingTypes: "MismatchingTypes",
  MismatchingBindings: "MismatchingBindings",
  MismatchingInterfaces: "MismatchingInterfaces",
  InconsistentTypes: "InconsistentTypes",
  ParameterBoundMoreThanOnce: "ParameterBoundMoreThanOnce",
  ParameterNotBound: "ParameterNotBound",
  NoEntryNodeFound: "NoEntryNodeFound",
  UnreachableNodes: "UnreachableNodes",
  UnrecognizedValue: "UnrecognizedValue",
  WorkflowBuildError: "WorkflowBuildError",
  ValueCollision: "ValueCollision",
  SyntaxError: "SyntaxError",
  NoNodesFound: "NoNodesFound",
  IllegalEnumValue: "IllegalEnumValue",
  AmbiguousBindingUnionValue: "AmbiguousBindingUnionValue",
  IncompatibleBindingUnionValue: "IncompatibleBindingUnionValue",
  NoConditionFound: "NoConditionFound",
  FieldNotFound: "FieldNotFound",
  InvalidLiteralType: "InvalidLiteralType",
} as const;
export type CompileErrorCode = (typeof CompileErrorCode)[keyof typeof CompileErrorCode];

/** One problem found while compiling. `nodeId` is the node (or `root`/`container`/... for tasks) to fix. */
export interface CompileError {
  readonly code: CompileErrorCode;
  readonly nodeId: string;
  readonly variable?: string;
  readonly message: string;
}

/** The outcome of a compilation: the compiled value, or every error found (never only the first). */
export type CompileResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: CompileError[] };

/**
 * Collects errors, dropping exact duplicates (the same check can be reached through several paths,
 * e.g. a sub-workflow referenced from two nodes). `count` lets a caller ask "did this step add any?".
 */
export class ErrorSink {
  readonly errors: CompileError[] = [];
  private readonly seen = new Set<string>();

  get count(): number {
    return this.errors.length;
  }

  add(code: CompileErrorCode, nodeId: string, message: string, variable?: string): void {
    const key = `${code}\u0000${nodeId}\u0000${variable ?? ""}\u0000${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.errors.push(variable === undefined ? { code, nodeId, message } : { code, nodeId, variable, message });
  }
}

/** Renders errors one per line: `[Code] message`. */
export function formatCompileErrors(errors: readonly CompileError[]): string {
  return errors.map((e) => `[${e.code}] ${e.message}`).join("\n");
}
