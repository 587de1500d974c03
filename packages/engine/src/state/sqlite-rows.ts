import { SystemError } from "@flyte-ts/core";
import type { ExecutionId } from "../model/ids.js";
import type { NodeError } from "../model/node-error.js";
import { isTerminalAttempt, isTerminalWorkflow } from "../model/phases.js";
import type { NodePhase, TaskAttemptPhase, WorkflowPhase } from "../model/phases.js";
import type { SqlValue } from "./sqlite-prepared.js";
import type { AttemptRow, ClosureRow, ExecutionRow, NodeRow } from "./sqlite-schema.js";
import type { AttemptRecord, ExecutionConfig, ExecutionRecord, JsonValue, NodeRecord } from "./state-store.js";

/**
 * Records ↔ rows. Absent optional fields are NULL columns and come back absent (never as
 * `undefined` properties), so a record read back is structurally identical to the one written.
 */

export type ExecutionParams = Omit<ExecutionRow, "id">;
export type NodeParams = Omit<NodeRow, "id">;
export type AttemptParams = Omit<AttemptRow, "id">;

export function executionParams(r: ExecutionRecord): Record<keyof ExecutionParams, SqlValue> {
  return {
    project: r.id.project,
    domain: r.id.domain,
    name: r.id.name,
    phase: r.phase,
    active: isTerminalWorkflow(r.phase) ? 0 : 1,
    config: JSON.stringify(r.config),
    execution_dir: r.executionDir,
    raw_output_prefix: r.rawOutputPrefix,
    error: json(r.error),
    outputs_uri: r.outputsUri ?? null,
    abort_reason: r.abortReason ?? null,
    created_at: r.createdAtMs,
    updated_at: r.updatedAtMs,
  };
}

export function executionRecord(row: Omit<ExecutionRow, "id"> & Pick<ClosureRow, "closure">): ExecutionRecord {
  const id: ExecutionId = { project: row.project, domain: row.domain, name: row.name };
  return {
    id,
    phase: row.phase as WorkflowPhase,
    closure: fromBlob(row.closure),
    config: parse<ExecutionConfig>(row.config),
    executionDir: row.execution_dir,
    rawOutputPrefix: row.raw_output_prefix,
    ...(row.error === null ? {} : { error: parse<NodeError>(row.error) }),
    ...(row.outputs_uri === null ? {} : { outputsUri: row.outputs_uri }),
    ...(row.abort_reason === null ? {} : { abortReason: row.abort_reason }),
    createdAtMs: row.created_at,
    updatedAtMs: row.updated_at,
  };
}

export function nodeParams(execId: number, r: NodeRecord): Record<keyof NodeParams, SqlValue> {
  return {
    exec_id: execId,
    unique_id: r.uniqueId,
    spec_node_id: r.specNodeId,
    scope_id: r.scopeId,
    parent_unique_id: r.parentUniqueId ?? null,
    phase: r.phase,
    attempt: r.attempt,
    system_failures: r.systemFailures,
    data_dir: r.dataDir,
    queued_at: r.queuedAtMs ?? null,
    last_attempt_started_at: r.lastAttemptStartedAtMs ?? null,
    stopped_at: r.stoppedAtMs ?? null,
    message: r.message ?? null,
    error: json(r.error),
    outputs_uri: r.outputsUri ?? null,
    handler_state: json(r.handlerState),
    cache_status: r.cacheStatus ?? null,
    reservation_status: r.reservationStatus ?? null,
    updated_at: r.updatedAtMs,
  };
}

export function nodeRecord(row: NodeRow): NodeRecord {
  return {
    uniqueId: row.unique_id,
    specNodeId: row.spec_node_id,
    scopeId: row.scope_id,
    ...(row.parent_unique_id === null ? {} : { parentUniqueId: row.parent_unique_id }),
    phase: row.phase as NodePhase,
    attempt: row.attempt,
    systemFailures: row.system_failures,
    dataDir: row.data_dir,
    ...(row.queued_at === null ? {} : { queuedAtMs: row.queued_at }),
    ...(row.last_attempt_started_at === null ? {} : { lastAttemptStartedAtMs: row.last_attempt_started_at }),
    ...(row.stopped_at === null ? {} : { stoppedAtMs: row.stopped_at }),
    ...(row.message === null ? {} : { message: row.message }),
    ...(row.error === null ? {} : { error: parse<NodeError>(row.error) }),
    ...(row.outputs_uri === null ? {} : { outputsUri: row.outputs_uri }),
    ...(row.handler_state === null ? {} : { handlerState: parse<JsonValue>(row.handler_state) }),
    ...(row.cache_status === null ? {} : { cacheStatus: row.cache_status }),
    ...(row.reservation_status === null ? {} : { reservationStatus: row.reservation_status }),
    updatedAtMs: row.updated_at,
  };
}

export function attemptParams(execId: number, r: AttemptRecord): Record<keyof AttemptParams, SqlValue> {
  return {
    exec_id: execId,
    node_id: r.nodeUniqueId,
    attempt: r.attempt,
    phase: r.phase,
    terminal: isTerminalAttempt(r.phase) ? 1 : 0,
    phase_version: r.phaseVersion,
    plugin_state: json(r.pluginState),
    started_at: r.startedAtMs,
    stopped_at: r.stoppedAtMs ?? null,
    outputs_uri: r.outputsUri ?? null,
    error: json(r.error),
  };
}

export function attemptRecord(row: AttemptRow): AttemptRecord {
  return {
    nodeUniqueId: row.node_id,
    attempt: row.attempt,
    phase: row.phase as TaskAttemptPhase,
    phaseVersion: row.phase_version,
    ...(row.plugin_state === null ? {} : { pluginState: parse<JsonValue>(row.plugin_state) }),
    startedAtMs: row.started_at,
    ...(row.stopped_at === null ? {} : { stoppedAtMs: row.stopped_at }),
    ...(row.outputs_uri === null ? {} : { outputsUri: row.outputs_uri }),
    ...(row.error === null ? {} : { error: parse<NodeError>(row.error) }),
  };
}

/** better-sqlite3 binds Buffers; this views the caller's bytes without copying. */
export function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** A plain `Uint8Array` over the driver's (freshly allocated) Buffer, so values compare equal to what was written. */
export function fromBlob(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function json(value: JsonValue | NodeError | undefined): string | null {
  return value === undefined ? null : JSON.stringify(value);
}

function parse<T>(text: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (e) {
    throw new SystemError("CorruptStateRow", `stored JSON column does not parse: ${String(e)}`, {
      retryable: false,
      cause: e,
    });
  }
}
