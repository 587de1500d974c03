import { create, fromBinary } from "@bufbuild/protobuf";
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
import { setStoredField, setStoredRepeatedField, varintSize, writeVarint } from "../transport/stored-fields.js";
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
  if (views.length > 0) {
    const decode = () => views.map(toExecution);
    setStoredRepeatedField(list, ExecutionListSchema.field.executions, decode, encodePage(views));
  }
  return list;
}

const LD = WireType.LengthDelimited;
const tagOf = (no: number) => (no << 3) | LD;
/** One-byte tags: Execution.id/spec/closure, WorkflowExecutionIdentifier.project/domain/name, ExecutionList.executions. */
const [TAG_ID, TAG_SPEC, TAG_CLOSURE] = [ID_FIELD, SPEC_FIELD.number, CLOSURE_FIELD.number].map(tagOf) as [
  number,
  number,
  number,
];
const EXECUTION_ID = WorkflowExecutionIdentifierSchema.field;
const [TAG_PROJECT, TAG_DOMAIN, TAG_NAME] = [EXECUTION_ID.project, EXECUTION_ID.domain, EXECUTION_ID.name].map((f) =>
  tagOf(f.number),
) as [number, number, number];
const TAG_EXECUTIONS = tagOf(ExecutionListSchema.field.executions.number);
if ([TAG_ID, TAG_SPEC, TAG_CLOSURE, TAG_PROJECT, TAG_DOMAIN, TAG_NAME, TAG_EXECUTIONS].some((t) => t > 0x7f)) {
  throw new Error("execution page encoding assumes one-byte tags");
}

/** A string field's size on the wire (tag + length + UTF-8), 0 when empty (proto3 omits it). */
const stringFieldSize = (s: string) => {
  const n = Buffer.byteLength(s);
  return n === 0 ? 0 : 1 + varintSize(n) + n;
};

function writeString(out: Buffer, at: number, tag: number, s: string): number {
  if (s === "") return at;
  out[at++] = tag;
  const next = writeVarint(out, at, Buffer.byteLength(s));
  return next + out.write(s, next);
}

function writeBytesField(out: Buffer, at: number, tag: number, parts: readonly Uint8Array[]): number {
  out[at++] = tag;
  let n = 0;
  for (const p of parts) n += p.byteLength;
  let next = writeVarint(out, at, n);
  for (const p of parts) {
    out.set(p, next);
    next += p.byteLength;
  }
  return next;
}

/**
 * The page's executions as `setStoredRepeatedField` data, written in one buffer: per row its
 * `Execution` (id as `toExecutionIdentifier` gives it, the stored spec, the stored closure and the
 * row's phase), which is what `toBinary` of `toExecution(row)` would write.
 */
function encodePage(views: readonly ExecutionView[]): Uint8Array {
  const sizes = views.map((m) => {
    const id = stringFieldSize(m.id.project) + stringFieldSize(m.id.domain) + stringFieldSize(m.id.name);
    const closure = m.closure.byteLength + suffixOf(m.phase).byteLength;
    const item =
      1 +
      varintSize(id) +
      id +
      1 +
      varintSize(m.spec.byteLength) +
      m.spec.byteLength +
      1 +
      varintSize(closure) +
      closure;
    return { id, item };
  });
  let total = 0;
  sizes.forEach((s, i) => (total += (i === 0 ? 0 : 1) + varintSize(s.item) + s.item));
  const out = Buffer.allocUnsafe(total);
  let at = 0;
  views.forEach((m, i) => {
    const size = sizes[i]!;
    if (i > 0) out[at++] = TAG_EXECUTIONS;
    at = writeVarint(out, at, size.item);
    out[at++] = TAG_ID;
    at = writeVarint(out, at, size.id);
    at = writeString(out, at, TAG_PROJECT, m.id.project);
    at = writeString(out, at, TAG_DOMAIN, m.id.domain);
    at = writeString(out, at, TAG_NAME, m.id.name);
    at = writeBytesField(out, at, TAG_SPEC, [m.spec]);
    at = writeBytesField(out, at, TAG_CLOSURE, [m.closure, suffixOf(m.phase)]);
  });
  if (at !== total) throw new Error(`execution page encoding: wrote ${at} of ${total} bytes`);
  return out;
}

const suffixOf = (phaseName: string) => {
  const phase = phaseOf(phaseName);
  return PHASE_SUFFIXES[phase] ?? phaseSuffix(phase);
};

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
