import { FlyteError } from "@flyte-ts/core";

/** The stable code of a recoverable user error in a task's error document. */
export const RECOVERABLE_ERROR_CODE = "USER:Recoverable";

/**
 * Thrown by a task body to ask for a retry (flytekit's `FlyteRecoverableException`): the task
 * runtime records a RECOVERABLE USER error, so the attempt is retried within the task's
 * `retries` budget. Any other thrown error is a non-recoverable USER error and is not retried.
 */
export class RecoverableError extends FlyteError {
  constructor(message: string, options: { code?: string; cause?: unknown } = {}) {
    super(options.code ?? RECOVERABLE_ERROR_CODE, message, {
      kind: "user",
      retryable: true,
      ...(options.cause === undefined ? {} : { cause: options.cause }),
    });
    this.name = "RecoverableError";
  }
}
