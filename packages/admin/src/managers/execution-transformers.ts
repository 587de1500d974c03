import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { BinaryWriter, WireType } from "@bufbuild/protobuf/wire";
import {
  ExecutionClosureSchema,
  ExecutionListSchema,
  ExecutionSchema,
  ExecutionSpecSchema,
  type Execution,
  type ExecutionList,
} from "@flyte-ts/idl/gen/flyteidl/admin/execution_pb";
import { WorkflowExecutionIdentifierSchema } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import {
  NodeExecutionClosureSchema,
  NodeExecutionMetaDataSchema,
  NodeExecutionSchema,
  type NodeExecution,
} from "@flyte-ts/idl/gen/flyteidl/admin/node_execution_pb";
import {
  TaskExecutionClosureSchema,
  TaskExecutionSchema,
  type TaskExecution,
} from "@flyte-ts/idl/gen/flyteidl/admin/task_execution_pb";
import { WorkflowPhase } from "@flyte-ts/core";
import { encodeMessageFields, setStoredField, setStoredRepeatedField } from "../transport/stored-fields.js";
import { nodePhaseOf, phaseOf, taskPhaseOf } from "./event-phases.js";
import type { ExecutionView } from "../persistence/repositories/execution-repository.js";
import type { NodeExecutionModel } from "../persistence/repositories/node-execution-repository.js";
import type { TaskExecutionModel } from "../persistence/repositories/task-execution-repository.js";
import { toExecutionIdentifier, toNodeExecutionIdentifier, toTaskExecutionIdentifier } from "./execution-ids.js";

const ID_FIELD = ExecutionSchema.field.id.number;
const SPEC_FIELD = ExecutionSchema.field.spec;
const CLOSURE_FIELD = ExecutionSchema.field.closure;
const CLOSURE_PHASE = ExecutionClosureSchema.field.phase.number;

/**
 * The stored row as the API shows it; the row's phase is authoritative. The spec and closure are
 * decoded when first read (`setStoredField`): a binary response sends the stored bytes as they are,
 * the closure's with the row's phase appended (the last value of a field wins when decoding).
 */
export function toExecution(m: ExecutionView): Execution {
  const execution = create(ExecutionSchema, { id: toExecutionIdentifier(m.id) });
  const phase = phaseOf(m.phase);
  setStoredField(execution, SPEC_FIELD, () => fromBinary(ExecutionSpecSchema, m.spec), m.spec);
  const decodeClosure = () => {
    const closure = fromBinary(ExecutionClosureSchema, m.closure);
    closure.phase = phase;
    return closure;
  };
  setStoredField(execution, CLOSURE_FIELD, decodeClosure, m.closure, PHASE_SUFFIXES[phase] ?? phaseSuffix(phase));
  return execution;
}

/**
 * A page of executions. Each one is `toExecution`'s (decoded when read); a binary response
 * carries the page as one block of the rows' stored bytes (`setStoredRepeatedField`).
 */
export function toExecutionList(views: readonly ExecutionView[], token: string): ExecutionList {
  const list = create(ExecutionListSchema, { token });
  if (views.length === 0) return list;
  const items = views.map((m) => {
    const id = toBinary(WorkflowExecutionIdentifierSchema, toExecutionIdentifier(m.id));
    const phase = phaseOf(m.phase);
    return encodeMessageFields([
      [ID_FIELD, [id]],
      [SPEC_FIELD.number, [m.spec]],
      [CLOSURE_FIELD.number, [m.closure, PHASE_SUFFIXES[phase] ?? phaseSuffix(phase)]],
    ]);
  });
  setStoredRepeatedField(list, ExecutionListSchema.field.executions, () => views.map(toExecution), items);
  return list;
}

/** The closure's phase field, encoded: appended to the stored closure, it overrides the stored phase. */
function phaseSuffix(phase: number): Uint8Array {
  return new BinaryWriter().tag(CLOSURE_PHASE, WireType.Varint).int32(phase).finish();
}
const PHASE_SUFFIXES: Uint8Array[] = [];
for (const v of Object.values(WorkflowPhase)) if (typeof v === "number") PHASE_SUFFIXES[v] = phaseSuffix(v);

export function toNodeExecution(m: NodeExecutionModel): NodeExecution {
  const closure = fromBinary(NodeExecutionClosureSchema, m.closure);
  closure.phase = nodePhaseOf(m.phase);
  return create(NodeExecutionSchema, {
    id: toNodeExecutionIdentifier(m.id),
    inputUri: m.inputUri,
    closure,
    metadata: create(NodeExecutionMetaDataSchema, {
      retryGroup: m.retryGroup,
      isParentNode: m.isParent,
      specNodeId: m.specNodeId,
      isDynamic: m.isDynamic,
      isArray: m.isArray,
    }),
  });
}

export function toTaskExecution(m: TaskExecutionModel): TaskExecution {
  const closure = fromBinary(TaskExecutionClosureSchema, m.closure);
  closure.phase = taskPhaseOf(m.phase);
  return create(TaskExecutionSchema, {
    id: toTaskExecutionIdentifier(m.id),
    inputUri: m.inputUri,
    closure,
    isParent: m.isParent,
  });
}

/** The outputs URI of a closure, when it points at one. */
export function outputUriOf(closure: { outputResult: { case: string | undefined; value?: unknown } }): string {
  const r = closure.outputResult;
  if (r.case === "outputUri" && typeof r.value === "string") return r.value;
  if (r.case === "outputs") {
    const blob = r.value as { data: { case: string | undefined; value?: unknown } };
    if (blob.data.case === "uri" && typeof blob.data.value === "string") return blob.data.value;
  }
  return "";
}
