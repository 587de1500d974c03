import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { FailedPreconditionError, isFlyteError, isTerminalWorkflowPhase, WorkflowPhase } from "@flyte-ts/core";
import {
  AbortMetadataSchema,
  ExecutionClosureSchema,
  type ExecutionTerminateRequest,
} from "@flyte-ts/idl/gen/flyteidl/admin/execution_pb";
import type { NamedId } from "../persistence/repositories/common.js";
import { Violations } from "../validation/request-errors.js";
import { ExecutionErrorCode } from "./execution-errors.js";
import { formatExecution, validateExecutionId } from "./execution-ids.js";
import type { ExecutionManagerOptions } from "./execution-manager.js";

/**
 * TerminateExecution (brief §9): rejected when already terminal; otherwise ABORTING with the abort
 * metadata (compare-and-set on the phase), then the engine aborts the running nodes and reports
 * ABORTED. An execution the engine does not know is recorded ABORTED directly.
 */
export async function terminateExecution(o: ExecutionManagerOptions, req: ExecutionTerminateRequest): Promise<void> {
  const v = new Violations();
  const id = validateExecutionId(v, "id", req.id);
  v.throwIfAny("TerminateExecution request");
  const eid = id as NamedId;
  const repos = o.context.repositories;
  for (;;) {
    const ex = await repos.executions.get(eid);
    const phase = WorkflowPhase[ex.phase as keyof typeof WorkflowPhase];
    if (isTerminalWorkflowPhase(phase)) {
      throw new FailedPreconditionError(
        `execution ${formatExecution(eid)} is already ${ex.phase}; cannot terminate it`,
        {
          code: ExecutionErrorCode.ExecutionAlreadyTerminal,
          details: { phase: ex.phase },
        },
      );
    }
    const now = o.context.now();
    const closure = fromBinary(ExecutionClosureSchema, ex.closure);
    closure.phase = WorkflowPhase.ABORTING;
    closure.updatedAt = timestampFromMs(now);
    const principal = o.defaultPrincipal ?? "flyte";
    closure.outputResult = {
      case: "abortMetadata",
      value: create(AbortMetadataSchema, { cause: req.cause, principal }),
    };
    const closureBytes = toBinary(ExecutionClosureSchema, closure);
    if (!(await repos.executions.update(eid, { phase: "ABORTING", updatedAt: now, closure: closureBytes }, ex.phase)))
      continue;
    break;
  }
  try {
    await o.launcher.abort(eid, req.cause || "terminated by the user");
  } catch (e) {
    if (!(isFlyteError(e) && e.status === "not_found")) throw e;
    // The engine never had it (or lost it): nothing runs, record the end ourselves.
    const now = o.context.now();
    const ex = await repos.executions.get(eid);
    const closure = fromBinary(ExecutionClosureSchema, ex.closure);
    closure.phase = WorkflowPhase.ABORTED;
    closure.updatedAt = timestampFromMs(now);
    await repos.executions.update(
      eid,
      { phase: "ABORTED", updatedAt: now, closure: toBinary(ExecutionClosureSchema, closure) },
      "ABORTING",
    );
  }
}
