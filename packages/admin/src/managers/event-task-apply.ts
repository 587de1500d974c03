import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { durationFromMs, timestampFromMs, timestampMs } from "@bufbuild/protobuf/wkt";
import { checkTaskTransition, isFlyteError, isTerminalTaskPhase, TaskPhase } from "@flyte-ts/core";
import {
  ReasonSchema,
  TaskExecutionClosureSchema,
  type TaskExecutionClosure,
} from "@flyte-ts/idl/gen/flyteidl/admin/task_execution_pb";
import { IdentifierSchema, type Identifier } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import { TaskExecutionEventSchema, type TaskExecutionEvent } from "@flyte-ts/idl/gen/flyteidl/event/event_pb";
import { taskPhaseOf } from "./event-phases.js";
import type { TaskExecutionModel, TaskExecutionPatch } from "../persistence/repositories/task-execution-repository.js";
import type { Repositories } from "../persistence/repositories.js";
import { requireEnum, Violations } from "../validation/request-errors.js";
import {
  AlreadyInTerminalStateError,
  DuplicateEventError,
  IncompatibleClusterError,
  InvalidPhaseTransitionError,
} from "./event-errors.js";
import { formatExecution, validateTaskExecutionId } from "./execution-ids.js";

const TASK_PHASES: Readonly<Record<number, string>> = TaskPhase;

/**
 * One task event (brief §7.2): the node execution must exist and the producer match; the attempt
 * row is created on first sight, otherwise the same phase with a phase version not above the
 * stored one is a duplicate, a terminal stored phase rejects everything, and an update merges logs,
 * appends reasons and replaces custom info.
 */
export async function applyTaskEvent(
  repos: Repositories,
  event: TaskExecutionEvent | undefined,
  now: number,
): Promise<boolean> {
  const v = new Violations();
  if (!event) v.missing("event");
  const taskId = event?.taskId ? scopedTaskId(event.taskId, event.parentNodeExecutionId?.executionId) : undefined;
  const id = event
    ? validateTaskExecutionId(v, "event", {
        $typeName: "flyteidl.core.TaskExecutionIdentifier",
        ...(taskId ? { taskId } : {}),
        ...(event.parentNodeExecutionId ? { nodeExecutionId: event.parentNodeExecutionId } : {}),
        retryAttempt: event.retryAttempt,
      })
    : undefined;
  if (event) requireEnum(v, "event.phase", event.phase, TASK_PHASES);
  v.throwIfAny("CreateTaskEvent request");
  if (!event || !id) return true;
  const execution = id.nodeExecutionId.executionId;
  const ex = await repos.executions.get(execution);
  const what = `attempt ${id.retryAttempt} of task ${id.taskId.name} in node ${id.nodeExecutionId.nodeId} of execution ${formatExecution(execution)}`;
  if (ex.cluster !== "" && event.producerId !== "" && ex.cluster !== event.producerId) {
    throw new IncompatibleClusterError(what, ex.cluster, event.producerId);
  }
  await repos.nodeExecutions.get(id.nodeExecutionId);
  const at = event.occurredAt ? timestampMs(event.occurredAt) : now;
  let existing: TaskExecutionModel | undefined;
  try {
    existing = await repos.taskExecutions.get(id);
  } catch (e) {
    if (!(isFlyteError(e) && e.status === "not_found")) throw e;
  }
  if (!existing) {
    const model: TaskExecutionModel = {
      id,
      phase: TaskPhase[event.phase] ?? "UNDEFINED",
      phaseVersion: event.phaseVersion,
      isParent: false,
      inputUri: "",
      closure: new Uint8Array(),
      startedAt: null,
      durationMs: null,
      createdAt: at,
      updatedAt: now,
    };
    const closure = create(TaskExecutionClosureSchema, { createdAt: timestampFromMs(at) });
    try {
      await repos.taskExecutions.create({ ...model, ...taskPatch(model, closure, event, at, now) });
    } catch (e) {
      if (isFlyteError(e) && e.status === "already_exists") return false;
      throw e;
    }
  } else {
    const from = taskPhaseOf(existing.phase);
    const verdict = checkTaskTransition(from, existing.phaseVersion, event.phase, event.phaseVersion);
    switch (verdict.verdict) {
      case "apply":
        break;
      case "duplicate":
        throw new DuplicateEventError(what, `${TaskPhase[event.phase]} (version ${event.phaseVersion})`);
      case "terminal":
        throw new AlreadyInTerminalStateError(what, TaskPhase[from], TaskPhase[event.phase] ?? String(event.phase));
      case "invalid":
        throw new InvalidPhaseTransitionError(what, verdict.reason);
      default: {
        const never: never = verdict;
        throw new Error(`unknown verdict ${String(never)}`);
      }
    }
    const closure = fromBinary(TaskExecutionClosureSchema, existing.closure);
    const expected = { phase: existing.phase, phaseVersion: existing.phaseVersion };
    if (!(await repos.taskExecutions.update(id, taskPatch(existing, closure, event, at, now), expected))) return false;
  }
  await repos.events.append({
    executionId: execution,
    kind: "task",
    nodeId: id.nodeExecutionId.nodeId,
    retryAttempt: id.retryAttempt,
    phase: TaskPhase[event.phase] ?? String(event.phase),
    occurredAt: event.occurredAt ? timestampMs(event.occurredAt) : null,
    event: toBinary(TaskExecutionEventSchema, event),
    createdAt: now,
  });
  return true;
}

/**
 * Tasks a dynamic node generates may come without project, domain and version (the SDK does not
 * fill them into the DynamicJobSpec yet): they run in the execution's project and domain, so those
 * are taken from it; a missing version is recorded as `-` (unknown) rather than losing the attempt.
 */
function scopedTaskId(id: Identifier, execution: { project: string; domain: string } | undefined): Identifier {
  if (id.name === "" || (id.project !== "" && id.domain !== "" && id.version !== "")) return id;
  return create(IdentifierSchema, {
    ...id,
    project: id.project || execution?.project || "",
    domain: id.domain || execution?.domain || "",
    version: id.version || UNKNOWN_VERSION,
  });
}

/** The version recorded for a task event that carried none. */
export const UNKNOWN_VERSION = "-";

function taskPatch(
  row: TaskExecutionModel,
  closure: TaskExecutionClosure,
  event: TaskExecutionEvent,
  at: number,
  now: number,
): TaskExecutionPatch {
  const patch: TaskExecutionPatch = {
    phase: TaskPhase[event.phase] ?? "UNDEFINED",
    phaseVersion: event.phaseVersion,
    updatedAt: now,
  };
  closure.phase = event.phase;
  closure.updatedAt = timestampFromMs(now);
  if (event.inputValue.case === "inputUri" && event.inputValue.value !== "") patch.inputUri = event.inputValue.value;
  let startedAt = row.startedAt;
  if (event.phase === TaskPhase.RUNNING && startedAt === null) {
    startedAt = at;
    patch.startedAt = at;
    closure.startedAt = timestampFromMs(at);
  }
  if (isTerminalTaskPhase(event.phase)) {
    const durationMs = Math.max(0, at - (startedAt ?? row.createdAt));
    patch.durationMs = durationMs;
    closure.duration = durationFromMs(durationMs);
  }
  const seen = new Set(closure.logs.map((l) => `${l.name}\u0000${l.uri}`));
  for (const log of event.logs) if (!seen.has(`${log.name}\u0000${log.uri}`)) closure.logs.push(log);
  // As flyteadmin: the event's reasons are appended (the last one is the closure's reason); an
  // event with only the deprecated `reason` adds it as one reason at the event's time.
  const when = (at: TaskExecutionEvent["occurredAt"]) => (at ? { occurredAt: at } : {});
  const reasons =
    event.reasons.length > 0
      ? event.reasons.map((r) => create(ReasonSchema, { message: r.reason, ...when(r.occurredAt) }))
      : event.reason !== ""
        ? [create(ReasonSchema, { message: event.reason, ...when(event.occurredAt) })]
        : [];
  closure.reasons.push(...reasons);
  closure.reason = reasons.at(-1)?.message ?? closure.reason;
  if (event.customInfo) closure.customInfo = event.customInfo;
  if (event.metadata) closure.metadata = event.metadata;
  if (event.logContext) closure.logContext = event.logContext;
  if (event.taskType !== "") closure.taskType = event.taskType;
  closure.eventVersion = event.eventVersion;
  const result = event.outputResult;
  if (result.case === "outputUri") closure.outputResult = { case: "outputUri", value: result.value };
  else if (result.case === "outputData") closure.outputResult = { case: "outputData", value: result.value };
  else if (result.case === "error") closure.outputResult = { case: "error", value: result.value };
  patch.closure = toBinary(TaskExecutionClosureSchema, closure);
  return patch;
}
