import { create, type JsonValue } from "@bufbuild/protobuf";
import { CreateWorkflowFailureReasonSchema } from "@flyte-ts/idl/gen/flyteidl/admin/workflow_pb";
import type { Identifier } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import type { WireDetail } from "../transport/errors.js";
import { AlreadyExistsError, InvalidArgumentError, NotFoundError } from "@flyte-ts/core";
import type { CompileError, LaunchPlanError } from "@flyte-ts/compiler";
import { formatDiff, structureDiff, type FieldDifference } from "./structure-diff.js";

/** Stable codes of registration failures. */
export const RegistrationErrorCode = {
  /** Same identifier, different content (Flyte's `...ExistsDifferentStructure`). */
  ExistsDifferentStructure: "ExistsDifferentStructure",
  /** The spec does not compile; every compile error is listed. */
  CompilationFailed: "CompilationFailed",
  /** A task, workflow or launch plan the entity references is not registered. */
  ReferenceNotFound: "ReferenceNotFound",
  /** The project does not exist or is archived, or the domain is not configured. */
  InvalidProjectDomain: "InvalidProjectDomain",
} as const;

export type EntityKind = "task" | "workflow" | "launch plan";

/** Different content under an existing identifier; the message lists the field paths that differ. */
export class DifferentStructureError extends AlreadyExistsError {
  readonly differences: readonly FieldDifference[];
  /** For workflows, Flyte's `CreateWorkflowFailureReason.exists_different_structure`. */
  readonly wireDetails: WireDetail[];
  constructor(kind: EntityKind, id: string, existing: JsonValue, proposed: JsonValue, wireId?: Identifier) {
    const differences = structureDiff(existing, proposed);
    super(
      `${kind} ${id} already exists with different structure; fields that differ (registered → new):\n${formatDiff(differences)}`,
      {
        code: RegistrationErrorCode.ExistsDifferentStructure,
        details: { entity: kind, id, fields: differences.map((d) => d.path).join(",") },
      },
    );
    this.name = "DifferentStructureError";
    this.differences = differences;
    this.wireDetails =
      kind === "workflow" && wireId
        ? [
            {
              desc: CreateWorkflowFailureReasonSchema,
              value: create(CreateWorkflowFailureReasonSchema, {
                reason: { case: "existsDifferentStructure", value: { id: wireId } },
              }),
            },
          ]
        : [];
  }
}

const describeCompileError = (kind: EntityKind, e: CompileError): string => {
  // A task's errors are located by part of the task (`container`, `resources.CPU`), not by node.
  const at = kind === "task" ? `at ${e.nodeId}` : `node ${e.nodeId}`;
  const where = [at, e.variable === undefined ? "" : `variable ${e.variable}`].filter(Boolean);
  return `[${e.code}] ${e.message} (${where.join(", ")})`;
};

/** INVALID_ARGUMENT listing every compile error with the node and variable it is about. */
export class CompilationFailedError extends InvalidArgumentError {
  readonly errors: readonly (CompileError | LaunchPlanError)[];
  constructor(kind: EntityKind, id: string, errors: readonly (CompileError | LaunchPlanError)[]) {
    const lines = errors.map((e) =>
      "nodeId" in e
        ? describeCompileError(kind, e)
        : `[${e.code}] ${e.message}${e.variable ? ` (variable ${e.variable})` : ""}`,
    );
    super(
      `${kind} ${id} failed to compile with ${errors.length} error(s):\n${lines.map((l) => `  - ${l}`).join("\n")}`,
      {
        code: RegistrationErrorCode.CompilationFailed,
        details: { entity: kind, id, errors: errors.map((e) => e.code).join(",") },
      },
    );
    this.name = "CompilationFailedError";
    this.errors = errors;
  }
}

/** One missing reference: what is missing and who refers to it. */
export interface MissingReference {
  kind: EntityKind;
  id: string;
  /** `node n0` or `spec.workflow_id`. */
  referencedBy: string;
}

export class ReferenceNotFoundError extends NotFoundError {
  readonly missing: readonly MissingReference[];
  constructor(kind: EntityKind, id: string, missing: readonly MissingReference[]) {
    super(
      `${kind} ${id} references ${missing.length === 1 ? "an entity that is" : "entities that are"} not registered:\n${missing
        .map((m) => `  - ${m.kind} ${m.id} (${m.referencedBy})`)
        .join("\n")}`,
      {
        code: RegistrationErrorCode.ReferenceNotFound,
        details: { entity: kind, id, missing: missing.map((m) => m.id).join(",") },
      },
    );
    this.name = "ReferenceNotFoundError";
    this.missing = missing;
  }
}

export function invalidProjectDomain(message: string, field: string): InvalidArgumentError {
  return new InvalidArgumentError(message, { code: RegistrationErrorCode.InvalidProjectDomain, details: { field } });
}
