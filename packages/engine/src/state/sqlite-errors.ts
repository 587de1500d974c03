import { FlyteError, SystemError } from "@flyte-ts/core";

/** Runs a synchronous store operation as a promise; driver errors become retryable `SystemError`s. */
export function run<T>(op: string, fn: () => T): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (e) {
    return Promise.reject(storeError(e, op));
  }
}

export function storeError(e: unknown, op: string): Error {
  if (e instanceof FlyteError) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new SystemError("StateStoreError", `state store ${op} failed: ${message}`, { cause: e });
}
