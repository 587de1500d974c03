import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { durationFromMs, timestampFromMs, timestampMs } from "@bufbuild/protobuf/wkt";
import { checkWorkflowTransition, isTerminalWorkflowPhase, WorkflowPhase } from "@flyte-ts/core";
import type {
  NodeExecutionEventRequest,
  TaskExecutionEventRequest,
  WorkflowExecutionEventRequest,
} from "@flyte-ts/idl/gen/flyteidl/admin/event_pb";
import {
  ExecutionClosureSchema,
  LiteralMapBlobSchema,
  type ExecutionClosure,
} from "@flyte-ts/idl/gen/flyteidl/admin/execution_pb";
import { WorkflowExecutionEventSchema, type WorkflowExecutionEvent } from "@flyte-ts/idl/gen/flyteidl/event/event_pb";
import { errorColumns, phaseOf } from "./event-phases.js";
import type { ExecutionModel, ExecutionPatch } from "../persistence/repositories/execution-rows.js";
import type { NamedId } from "../persistence/repositories/common.js";
import type { Repositories } from "../persistence/repositories.js";
import { requireEnum, Violations } from "../validation/request-errors.js";
import type { ManagerContext } from "./admin-config.js";
import {
  AlreadyInTerminalStateError,
  DuplicateEventError,
  EventErrorCode,
  IncompatibleClusterError,
  InvalidPhaseTransitionError,
} from "./event-errors.js";
import { applyNodeEvent } from "./event-node-apply.js";
import { applyTaskEvent } from "./event-task-apply.js";
import { formatExecution, validateExecutionId } from "./execution-ids.js";
import { AbortedError } from "./execution-errors.js";

const WORKFLOW_PHASES: Readonly<Record<number, string>> = WorkflowPhase;

/** An applied workflow event (for notifications). */
export interface WorkflowPhaseChange {
  executionId: NamedId;
  phase: WorkflowPhase;
  occurredAtMs: number;
  error?: { code: string; message: string };
}

/** How often an event is re-validated when another writer changed the row in between. */
export const EVENT_CAS_ATTEMPTS = 8;

/**
 * Applies execution events (from the engine in-process, or CreateWorkflowEvent / CreateNodeEvent /
 * CreateTaskEvent over the API) with Flyte's rules (brief §7.2): each event is validated against
 * the stored phase, appended to the event log and materialized into its row in one transaction,
 * with compare-and-set on the phase so two writers cannot both apply.
 */
export class EventManager {
  readonly #ctx: ManagerContext;
  readonly #onWorkflowPhase: ((change: WorkflowPhaseChange) => void) | undefined;
  constructor(options: {
    context: ManagerContext;
    onWorkflowPhase?: (change: WorkflowPhaseChange) => void;
    /** Event egress (`EventEgress`): its context also writes each event's CloudEvent to the outbox. */
    egress?: { wrap(context: ManagerContext): ManagerContext };
  }) {
    this.#ctx = options.egress ? options.egress.wrap(options.context) : options.context;
    this.#onWorkflowPhase = options.onWorkflowPhase;
  }

  async workflowEvent(req: WorkflowExecutionEventRequest): Promise<void> {
    const v = new Violations();
    const event = req.event;
    if (!event) v.missing("event");
    const id = validateExecutionId(v, "event.execution_id", event?.executionId);
    if (event) requireEnum(v, "event.phase", event.phase, WORKFLOW_PHASES);
    v.throwIfAny("CreateWorkflowEvent request");
    if (!event || !id) return;
    await this.#retrying((repos) => this.#applyWorkflow(repos, id, event));
    // After the commit: notifications and the like never see a phase that was rolled back.
    this.#onWorkflowPhase?.({
      executionId: id,
      phase: event.phase,
      occurredAtMs: event.occurredAt ? timestampMs(event.occurredAt) : this.#ctx.now(),
      ...(event.outputResult.case === "error"
        ? { error: { code: event.outputResult.value.code, message: event.outputResult.value.message } }
        : {}),
    });
  }

  async nodeEvent(req: NodeExecutionEventRequest): Promise<void> {
    const event = req.event;
    await this.#retrying((repos) => applyNodeEvent(repos, event, this.#ctx.now()));
  }

  async taskEvent(req: TaskExecutionEventRequest): Promise<void> {
    const event = req.event;
    await this.#retrying((repos) => applyTaskEvent(repos, event, this.#ctx.now()));
  }

  /** Runs `apply` in a transaction until it returns true (it returns false when a CAS lost). */
  async #retrying(apply: (repos: Repositories) => Promise<boolean>): Promise<void> {
    for (let i = 0; i < EVENT_CAS_ATTEMPTS; i++) {
      if (await this.#ctx.transaction(apply)) return;
    }
    throw new AbortedError("the row changed under every attempt to apply the event; send it again", {
      code: EventErrorCode.EventConflict,
    });
  }

  async #applyWorkflow(repos: Repositories, id: NamedId, event: WorkflowExecutionEvent): Promise<boolean> {
    const ex = await repos.executions.get(id);
    const what = `execution ${formatExecution(id)}`;
    const from = phaseOf(ex.phase);
    const to = event.phase;
    const fresh = from === WorkflowPhase.UNDEFINED || from === WorkflowPhase.QUEUED;
    if (!fresh && ex.cluster !== "" && event.producerId !== "" && ex.cluster !== event.producerId) {
      throw new IncompatibleClusterError(what, ex.cluster, event.producerId);
    }
    const verdict = checkWorkflowTransition(from, to);
    switch (verdict.verdict) {
      case "apply":
        break;
      case "duplicate":
        throw new DuplicateEventError(what, WorkflowPhase[to]);
      case "terminal":
        throw new AlreadyInTerminalStateError(what, WorkflowPhase[from], WorkflowPhase[to] ?? String(to));
      case "invalid":
        throw new InvalidPhaseTransitionError(what, verdict.reason);
      default: {
        const never: never = verdict;
        throw new Error(`unknown verdict ${String(never)}`);
      }
    }
    const now = this.#ctx.now();
    const patch = workflowPatch(ex, event, now);
    if (!(await repos.executions.update(id, patch, ex.phase))) return false;
    await repos.events.append({
      executionId: id,
      kind: "workflow",
      nodeId: null,
      retryAttempt: null,
      phase: WorkflowPhase[to] ?? String(to),
      occurredAt: event.occurredAt ? timestampMs(event.occurredAt) : null,
      event: toBinary(WorkflowExecutionEventSchema, event),
      createdAt: now,
    });
    return true;
  }
}

function workflowPatch(ex: ExecutionModel, event: WorkflowExecutionEvent, now: number): ExecutionPatch {
  const closure: ExecutionClosure = fromBinary(ExecutionClosureSchema, ex.closure);
  const at = event.occurredAt ? timestampMs(event.occurredAt) : now;
  const patch: ExecutionPatch = { phase: WorkflowPhase[event.phase] ?? "UNDEFINED", updatedAt: now };
  closure.phase = event.phase;
  closure.updatedAt = timestampFromMs(now);
  if (event.producerId !== "") patch.cluster = event.producerId;
  let startedAt = ex.startedAt;
  if (event.phase === WorkflowPhase.RUNNING && startedAt === null) {
    startedAt = at;
    patch.startedAt = at;
    closure.startedAt = timestampFromMs(at);
  }
  if (isTerminalWorkflowPhase(event.phase)) {
    const durationMs = Math.max(0, at - (startedAt ?? ex.createdAt));
    patch.durationMs = durationMs;
    closure.duration = durationFromMs(durationMs);
  }
  const result = event.outputResult;
  switch (result.case) {
    case "outputUri":
      closure.outputResult = {
        case: "outputs",
        value: create(LiteralMapBlobSchema, { data: { case: "uri", value: result.value } }),
      };
      break;
    case "outputData":
      closure.outputResult = { case: "outputData", value: result.value };
      break;
    case "error":
      closure.outputResult = { case: "error", value: result.value };
      Object.assign(patch, errorColumns(result.value));
      break;
    case undefined:
      break;
    default: {
      const never: never = result;
      throw new Error(`unknown output result ${String(never)}`);
    }
  }
  patch.closure = toBinary(ExecutionClosureSchema, closure);
  return patch;
}
