import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { isFlyteError, WorkflowPhase } from "@flyte-ts/core";
import { ExecutionClosureSchema } from "@flyte-ts/idl/gen/flyteidl/admin/execution_pb";
import { ExecutionError_ErrorKind, ExecutionErrorSchema } from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";
import type { ExecutionModel, ExecutionPatch } from "../persistence/repositories/execution-rows.js";
import { ExecutionErrorCode } from "./execution-errors.js";

/**
 * The engine refused an execution: the row stays, FAILED with the reason (as Flyte does),
 * USER kind when the engine called the request invalid, SYSTEM otherwise.
 */
export function failedLaunchPatch(model: ExecutionModel, e: unknown, now: number): ExecutionPatch {
  const user = isFlyteError(e) && e.status === "invalid_argument";
  const error = create(ExecutionErrorSchema, {
    code: ExecutionErrorCode.LaunchFailed,
    message: `the engine did not start the execution: ${e instanceof Error ? e.message : String(e)}`,
    kind: user ? ExecutionError_ErrorKind.USER : ExecutionError_ErrorKind.SYSTEM,
  });
  const closure = fromBinary(ExecutionClosureSchema, model.closure);
  closure.phase = WorkflowPhase.FAILED;
  closure.outputResult = { case: "error", value: error };
  closure.updatedAt = timestampFromMs(now);
  return {
    phase: "FAILED",
    updatedAt: now,
    durationMs: 0,
    closure: toBinary(ExecutionClosureSchema, closure),
    errorKind: user ? "USER" : "SYSTEM",
    errorCode: ExecutionErrorCode.LaunchFailed,
  };
}
