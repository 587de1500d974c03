import { create } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import {
  ContainerError_Kind,
  ContainerErrorSchema,
  ErrorDocumentSchema,
  type ErrorDocument,
} from "@flyte-ts/idl/gen/flyteidl/core/errors_pb";
import { ExecutionError_ErrorKind } from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";

/** Whose fault a failed attempt is (`ContainerError.origin`). */
export type ErrorOrigin = "USER" | "SYSTEM";

/** A failed attempt as plain data (what `error.pb` holds, and what crosses the worker IPC). */
export interface TaskErrorInfo {
  readonly code: string;
  readonly message: string;
  readonly origin: ErrorOrigin;
  /** RECOVERABLE (retried within the budget of its origin) or NON_RECOVERABLE. */
  readonly recoverable: boolean;
}

/** Stable codes the task runtime and the worker pool write into error documents. */
export const RuntimeErrorCode = {
  /** The task module, its export or the code bundle could not be loaded. */
  TaskLoadFailed: "SYSTEM:TaskLoadFailed",
  /** The export exists but is not a TS task of this SDK. */
  NotATask: "SYSTEM:NotATask",
  /** `inputs.pb` could not be read. */
  InputsUnreadable: "SYSTEM:InputsUnreadable",
  /** `outputs.pb` / `futures.pb` could not be written. */
  OutputsUnwritable: "SYSTEM:OutputsUnwritable",
  /** The worker ran past the attempt's time limit and was killed. */
  TimedOut: "SYSTEM:TimedOut",
  /**
   * The attempt exceeded its memory limit (or the worker's heap limit) and its worker was killed.
   * Flyte's code for an OOMKilled pod; the error is USER, RECOVERABLE, as there.
   */
  OutOfMemory: "OOMKilled",
  /** The worker process died (exit, signal, uncaught exception) while running the attempt. */
  WorkerCrashed: "SYSTEM:WorkerCrashed",
  /** The attempt was aborted (the engine aborted the node). */
  Aborted: "SYSTEM:Aborted",
  /** The pool was closed before or while the attempt ran. */
  PoolClosed: "SYSTEM:PoolClosed",
  /** Anything else that went wrong outside user code. */
  Unknown: "SYSTEM:Unknown",
} as const;
export type RuntimeErrorCode = (typeof RuntimeErrorCode)[keyof typeof RuntimeErrorCode];

/** Where a thrown value came from: loading/infrastructure is SYSTEM, running the task is USER by default. */
export type ErrorStage = "load" | "run";

interface FlyteErrorLike {
  readonly code: string;
  readonly kind: "user" | "system";
  readonly retryable: boolean;
  readonly message: string;
}

/**
 * A FlyteError from any copy of `@flyte-ts/core` (user code may load its own copy of the SDK, so
 * `instanceof` is not reliable across a code bundle): a stable code, a kind and a retryable flag.
 */
function asFlyteError(e: unknown): FlyteErrorLike | undefined {
  if (typeof e !== "object" || e === null) return undefined;
  const r = e as Record<string, unknown>;
  if (typeof r.code !== "string" || typeof r.retryable !== "boolean") return undefined;
  if (r.kind !== "user" && r.kind !== "system") return undefined;
  return {
    code: r.code,
    kind: r.kind,
    retryable: r.retryable,
    message: typeof r.message === "string" ? r.message : "",
  };
}

const STACK_LINES = 12;

function describeThrown(e: unknown): string {
  if (e instanceof Error) {
    const stack = (e.stack ?? "")
      .split("\n")
      .slice(1, STACK_LINES + 1)
      .join("\n");
    return stack ? `${e.name}: ${e.message}\n${stack}` : `${e.name}: ${e.message}`;
  }
  return typeof e === "string" ? e : (JSON.stringify(e) ?? String(e));
}

/**
 * How a thrown value is recorded (flytekit semantics): a FlyteError keeps its code, kind and
 * retryable flag (`RecoverableError` is USER, RECOVERABLE); any other error thrown while running
 * the task is USER, NON_RECOVERABLE; anything else thrown while loading is SYSTEM, RECOVERABLE.
 */
export function classifyThrown(e: unknown, stage: ErrorStage): TaskErrorInfo {
  const flyte = asFlyteError(e);
  if (flyte) {
    return {
      code: flyte.code,
      message: flyte.message,
      origin: flyte.kind === "user" ? "USER" : "SYSTEM",
      recoverable: flyte.retryable,
    };
  }
  switch (stage) {
    case "run": {
      const name = e instanceof Error ? e.name : "Error";
      return { code: `USER:${name}`, message: describeThrown(e), origin: "USER", recoverable: false };
    }
    case "load":
      return { code: RuntimeErrorCode.TaskLoadFailed, message: describeThrown(e), origin: "SYSTEM", recoverable: true };
    default: {
      const never: never = stage;
      throw new Error(`unknown stage ${String(never)}`);
    }
  }
}

/** The `error.pb` document of a failed attempt. */
export function errorDocument(info: TaskErrorInfo, worker: string, atMs: number = Date.now()): ErrorDocument {
  return create(ErrorDocumentSchema, {
    error: create(ContainerErrorSchema, {
      code: info.code,
      message: info.message,
      kind: info.recoverable ? ContainerError_Kind.RECOVERABLE : ContainerError_Kind.NON_RECOVERABLE,
      origin: info.origin === "USER" ? ExecutionError_ErrorKind.USER : ExecutionError_ErrorKind.SYSTEM,
      timestamp: timestampFromMs(atMs),
      worker,
    }),
  });
}

/** Plain data from an `error.pb` document. */
export function errorInfoOf(doc: ErrorDocument): TaskErrorInfo {
  const e = doc.error;
  return {
    code: e?.code ?? RuntimeErrorCode.Unknown,
    message: e?.message ?? "",
    origin: e?.origin === ExecutionError_ErrorKind.USER ? "USER" : "SYSTEM",
    recoverable: e?.kind === ContainerError_Kind.RECOVERABLE,
  };
}
