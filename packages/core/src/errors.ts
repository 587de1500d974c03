/**
 * Errors with stable codes. Code branches on `code`, never on `message`.
 *
 * - `kind` says whose fault it is: `user` (bad input, a failing user task) or `system` (the
 *   platform or infrastructure).
 * - `retryable` says whether trying the same thing again may succeed.
 * - `status` is the API category the RPC edge maps to a gRPC/HTTP status.
 */
export type ErrorKind = "user" | "system";

export const ErrorStatus = {
  InvalidArgument: "invalid_argument",
  NotFound: "not_found",
  AlreadyExists: "already_exists",
  FailedPrecondition: "failed_precondition",
  ResourceExhausted: "resource_exhausted",
  Unavailable: "unavailable",
  Aborted: "aborted",
  DeadlineExceeded: "deadline_exceeded",
  Internal: "internal",
} as const;
export type ErrorStatus = (typeof ErrorStatus)[keyof typeof ErrorStatus];

export interface FlyteErrorOptions {
  kind?: ErrorKind;
  retryable?: boolean;
  status?: ErrorStatus;
  cause?: unknown;
  /** Structured facts about the error (entity, node, variable, ...), for machines. */
  details?: Readonly<Record<string, string>>;
}

export class FlyteError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;
  readonly retryable: boolean;
  readonly status: ErrorStatus;
  readonly details: Readonly<Record<string, string>>;

  constructor(code: string, message: string, options: FlyteErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "FlyteError";
    this.code = code;
    this.kind = options.kind ?? "system";
    this.retryable = options.retryable ?? false;
    this.status = options.status ?? ErrorStatus.Internal;
    this.details = options.details ?? {};
  }
}

/** A mistake in what a user asked for or wrote: not retryable, user kind. */
export class UserError extends FlyteError {
  constructor(code: string, message: string, options: Omit<FlyteErrorOptions, "kind"> = {}) {
    super(code, message, { status: ErrorStatus.InvalidArgument, ...options, kind: "user" });
    this.name = "UserError";
  }
}

export class InvalidArgumentError extends UserError {
  constructor(message: string, options: Omit<FlyteErrorOptions, "kind" | "status"> & { code?: string } = {}) {
    super(options.code ?? "InvalidArgument", message, { ...options, status: ErrorStatus.InvalidArgument });
    this.name = "InvalidArgumentError";
  }
}

export class NotFoundError extends UserError {
  constructor(message: string, options: Omit<FlyteErrorOptions, "kind" | "status"> & { code?: string } = {}) {
    super(options.code ?? "NotFound", message, { ...options, status: ErrorStatus.NotFound });
    this.name = "NotFoundError";
  }
}

export class AlreadyExistsError extends UserError {
  constructor(message: string, options: Omit<FlyteErrorOptions, "kind" | "status"> & { code?: string } = {}) {
    super(options.code ?? "AlreadyExists", message, { ...options, status: ErrorStatus.AlreadyExists });
    this.name = "AlreadyExistsError";
  }
}

export class FailedPreconditionError extends UserError {
  constructor(message: string, options: Omit<FlyteErrorOptions, "kind" | "status"> & { code?: string } = {}) {
    super(options.code ?? "FailedPrecondition", message, { ...options, status: ErrorStatus.FailedPrecondition });
    this.name = "FailedPreconditionError";
  }
}

/** Something went wrong in the platform itself. Retryable unless stated otherwise. */
export class SystemError extends FlyteError {
  constructor(code: string, message: string, options: Omit<FlyteErrorOptions, "kind"> = {}) {
    super(code, message, { retryable: true, status: ErrorStatus.Internal, ...options, kind: "system" });
    this.name = "SystemError";
  }
}

export function isFlyteError(e: unknown): e is FlyteError {
  return e instanceof FlyteError;
}

/** The message of anything thrown, for logs and error documents. */
export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  return typeof e === "string" ? e : JSON.stringify(e);
}
