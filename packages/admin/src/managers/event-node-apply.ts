import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { durationFromMs, timestampFromMs, timestampMs } from "@bufbuild/protobuf/wkt";
import { checkNodeTransition, isFlyteError, isTerminalNodePhase, NodePhase } from "@flyte-ts/core";
import {
  NodeExecutionClosureSchema,
  TaskNodeMetadataSchema,
  WorkflowNodeMetadataSchema,
  type NodeExecutionClosure,
} from "@flyte-ts/idl/gen/flyteidl/admin/node_execution_pb";
import { NodeExecutionEventSchema, type NodeExecutionEvent } from "@flyte-ts/idl/gen/flyteidl/event/event_pb";
import { errorColumns, nodePhaseOf } from "./event-phases.js";
import type { NodeExecutionModel, NodeExecutionPatch } from "../persistence/repositories/node-execution-repository.js";
import type { Repositories } from "../persistence/repositories.js";
import { requireEnum, Violations } from "../validation/request-errors.js";
import {
  AlreadyInTerminalStateError,
  DuplicateEventError,
  IncompatibleClusterError,
  InvalidPhaseTransitionError,
} from "./event-errors.js";
import { formatExecution, validateExecutionId, validateNodeExecutionId } from "./execution-ids.js";

const NODE_PHASES: Readonly<Record<number, string>> = NodePhase;

/**
 * One node event (brief §7.2): the execution must exist and the producer match; the node row is
 * created on its first event, otherwise the transition is checked (same phase → AlreadyExists,
 * terminal → AlreadyInTerminalState); a child execution it names must exist. Returns false when a
 * concurrent writer changed the row first (the caller re-runs it).
 */
export async function applyNodeEvent(
  repos: Repositories,
  event: NodeExecutionEvent | undefined,
  now: number,
): Promise<boolean> {
  const v = new Violations();
  if (!event) v.missing("event");
  const id = validateNodeExecutionId(v, "event.id", event?.id);
  if (event) requireEnum(v, "event.phase", event.phase, NODE_PHASES);
  const child =
    event?.targetMetadata.case === "workflowNodeMetadata"
      ? validateExecutionId(v, "event.workflow_node_metadata.execution_id", event.targetMetadata.value.executionId)
      : undefined;
  v.throwIfAny("CreateNodeEvent request");
  if (!event || !id) return true;
  const ex = await repos.executions.get(id.executionId);
  const what = `node ${id.nodeId} of execution ${formatExecution(id.executionId)}`;
  if (ex.cluster !== "" && event.producerId !== "" && ex.cluster !== event.producerId) {
    throw new IncompatibleClusterError(what, ex.cluster, event.producerId);
  }
  if (child) await repos.executions.get(child);
  const at = event.occurredAt ? timestampMs(event.occurredAt) : now;
  let existing: NodeExecutionModel | undefined;
  try {
    existing = await repos.nodeExecutions.get(id);
  } catch (e) {
    if (!(isFlyteError(e) && e.status === "not_found")) throw e;
  }
  if (!existing) {
    const closure = create(NodeExecutionClosureSchema, { createdAt: timestampFromMs(at) });
    const model: NodeExecutionModel = {
      id,
      parentNodeId: event.parentNodeMetadata?.nodeId || null,
      specNodeId: event.specNodeId,
      retryGroup: event.retryGroup,
      phase: NodePhase[event.phase] ?? "UNDEFINED",
      isParent: event.isParent,
      isDynamic: event.isDynamic,
      isArray: event.isArray,
      inputUri: "",
      closure: new Uint8Array(),
      errorKind: "",
      errorCode: "",
      startedAt: null,
      durationMs: null,
      createdAt: at,
      updatedAt: now,
    };
    const patch = nodePatch(model, closure, event, at, now);
    try {
      await repos.nodeExecutions.create({ ...model, ...patch });
    } catch (e) {
      if (isFlyteError(e) && e.status === "already_exists") return false;
      throw e;
    }
  } else {
    const from = nodePhaseOf(existing.phase);
    const verdict = checkNodeTransition(from, event.phase);
    switch (verdict.verdict) {
      case "apply":
        break;
      case "duplicate":
        throw new DuplicateEventError(what, NodePhase[event.phase]);
      case "terminal":
        throw new AlreadyInTerminalStateError(what, NodePhase[from], NodePhase[event.phase] ?? String(event.phase));
      case "invalid":
        throw new InvalidPhaseTransitionError(what, verdict.reason);
      default: {
        const never: never = verdict;
        throw new Error(`unknown verdict ${String(never)}`);
      }
    }
    const closure = fromBinary(NodeExecutionClosureSchema, existing.closure);
    const patch = nodePatch(existing, closure, event, at, now);
    if (!(await repos.nodeExecutions.update(id, patch, existing.phase))) return false;
  }
  await repos.events.append({
    executionId: id.executionId,
    kind: "node",
    nodeId: id.nodeId,
    retryAttempt: null,
    phase: NodePhase[event.phase] ?? String(event.phase),
    occurredAt: event.occurredAt ? timestampMs(event.occurredAt) : null,
    event: toBinary(NodeExecutionEventSchema, event),
    createdAt: now,
  });
  return true;
}

function nodePatch(
  row: NodeExecutionModel,
  closure: NodeExecutionClosure,
  event: NodeExecutionEvent,
  at: number,
  now: number,
): NodeExecutionPatch {
  const patch: NodeExecutionPatch = { phase: NodePhase[event.phase] ?? "UNDEFINED", updatedAt: now };
  closure.phase = event.phase;
  closure.updatedAt = timestampFromMs(now);
  if (event.inputValue.case === "inputUri" && event.inputValue.value !== "") patch.inputUri = event.inputValue.value;
  if (event.isParent) patch.isParent = true;
  if (event.isDynamic) patch.isDynamic = true;
  if (event.isArray) patch.isArray = true;
  let startedAt = row.startedAt;
  if (event.phase === NodePhase.RUNNING && startedAt === null) {
    startedAt = at;
    patch.startedAt = at;
    closure.startedAt = timestampFromMs(at);
  }
  if (isTerminalNodePhase(event.phase)) {
    const durationMs = Math.max(0, at - (startedAt ?? row.createdAt));
    patch.durationMs = durationMs;
    closure.duration = durationFromMs(durationMs);
  }
  const result = event.outputResult;
  if (result.case === "outputUri") closure.outputResult = { case: "outputUri", value: result.value };
  else if (result.case === "outputData") closure.outputResult = { case: "outputData", value: result.value };
  else if (result.case === "error") {
    closure.outputResult = { case: "error", value: result.value };
    Object.assign(patch, errorColumns(result.value));
  }
  const target = event.targetMetadata;
  if (target.case === "workflowNodeMetadata") {
    closure.targetMetadata = {
      case: "workflowNodeMetadata",
      value: create(
        WorkflowNodeMetadataSchema,
        target.value.executionId ? { executionId: target.value.executionId } : {},
      ),
    };
  } else if (target.case === "taskNodeMetadata") {
    const t = target.value;
    closure.targetMetadata = {
      case: "taskNodeMetadata",
      value: create(TaskNodeMetadataSchema, {
        cacheStatus: t.cacheStatus,
        checkpointUri: t.checkpointUri,
        ...(t.catalogKey ? { catalogKey: t.catalogKey } : {}),
      }),
    };
    if (t.dynamicWorkflow?.dynamicJobSpecUri) closure.dynamicJobSpecUri = t.dynamicWorkflow.dynamicJobSpecUri;
  }
  if (event.deckUri !== "") closure.deckUri = event.deckUri;
  patch.closure = toBinary(NodeExecutionClosureSchema, closure);
  return patch;
}
