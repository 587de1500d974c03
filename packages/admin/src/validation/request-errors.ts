import { InvalidArgumentError } from "@flyte-ts/core";

/** Stable codes of request-validation failures (INVALID_ARGUMENT at the RPC edge). */
export const RequestErrorCode = {
  /** A required field is absent or empty. */
  MissingField: "MissingField",
  /** A field is present but its value is not acceptable. */
  InvalidField: "InvalidField",
  /** Several fields are wrong; `details.fields` lists them. */
  InvalidRequest: "InvalidRequest",
} as const;
export type RequestErrorCode = (typeof RequestErrorCode)[keyof typeof RequestErrorCode];

export interface FieldViolation {
  /** The proto (snake_case) path of the field: `id.project`, `spec.template`, `limit`. */
  field: string;
  message: string;
  code: RequestErrorCode;
}

/**
 * Collects every problem of a request (instead of stopping at the first) and throws one
 * `InvalidArgumentError` naming each field.
 */
export class Violations {
  private readonly list: FieldViolation[] = [];

  get count(): number {
    return this.list.length;
  }

  missing(field: string, message = `${field} is required`): void {
    this.list.push({ field, message, code: RequestErrorCode.MissingField });
  }

  invalid(field: string, message: string): void {
    this.list.push({ field, message, code: RequestErrorCode.InvalidField });
  }

  /** Throws when anything was collected; `what` names the request (`CreateTask request`). */
  throwIfAny(what: string): void {
    const first = this.list[0];
    if (first === undefined) return;
    const fields = [...new Set(this.list.map((v) => v.field))].join(",");
    if (this.list.length === 1) {
      throw new InvalidArgumentError(`invalid ${what}: ${first.message}`, {
        code: first.code,
        details: { field: first.field },
      });
    }
    throw new InvalidArgumentError(
      `invalid ${what}: ${this.list.length} problems:\n${this.list.map((v) => `  - ${v.message}`).join("\n")}`,
      { code: RequestErrorCode.InvalidRequest, details: { fields } },
    );
  }
}

/** `field` must be a non-empty string (after trimming). */
export function requireText(v: Violations, field: string, value: string | undefined): boolean {
  if (value === undefined || value.trim() === "") {
    v.missing(field);
    return false;
  }
  return true;
}

/** `value` must be one of the enum's numbers (protobuf keeps unknown numbers on decode). */
export function requireEnum(
  v: Violations,
  field: string,
  value: number,
  allowed: Readonly<Record<number, string>>,
): boolean {
  if (allowed[value] !== undefined) return true;
  v.invalid(field, `${field} has unknown value ${value} (expected one of ${Object.values(allowed).join(", ")})`);
  return false;
}
