import { SystemError } from "@flyte-ts/core";
import type { Generated } from "kysely";
import type { StoredEvent } from "./state-store.js";

/**
 * The engine's tables in SQLite, as Kysely sees them. Every table is prefixed `engine_` so the
 * store may share one database file with admin's tables. Executions get an integer surrogate key
 * (`id`) that the other tables use, which keeps node, attempt and event rows small.
 *
 * Columns holding `JsonValue`s or `NodeError`s are JSON text; protobuf bytes are BLOBs. A NULL
 * column means "field absent"; a JSON `null` is stored as the text `null`.
 */
export interface EngineSchema {
  engine_migrations: MigrationRow;
  engine_executions: ExecutionRow;
  engine_closures: ClosureRow;
  engine_nodes: NodeRow;
  engine_attempts: AttemptRow;
  engine_events: EventRow;
}

export interface MigrationRow {
  version: number;
  name: string;
  applied_at: number;
}

export interface ExecutionRow {
  id: Generated<number>;
  project: string;
  domain: string;
  name: string;
  phase: string;
  /** 1 while the phase is not terminal; the partial index over it serves `listActiveExecutions`. */
  active: number;
  /** `ExecutionConfig` as JSON. */
  config: string;
  execution_dir: string;
  raw_output_prefix: string;
  error: string | null;
  outputs_uri: string | null;
  abort_reason: string | null;
  created_at: number;
  updated_at: number;
}

/** An execution's `CompiledWorkflowClosure` bytes, apart from the row that changes with its phase. */
export interface ClosureRow {
  exec_id: number;
  closure: Uint8Array;
}

export interface NodeRow {
  id: Generated<number>;
  exec_id: number;
  unique_id: string;
  spec_node_id: string;
  scope_id: string;
  parent_unique_id: string | null;
  phase: string;
  attempt: number;
  system_failures: number;
  data_dir: string;
  queued_at: number | null;
  last_attempt_started_at: number | null;
  stopped_at: number | null;
  message: string | null;
  error: string | null;
  outputs_uri: string | null;
  handler_state: string | null;
  cache_status: number | null;
  reservation_status: number | null;
  updated_at: number;
}

export interface AttemptRow {
  id: Generated<number>;
  exec_id: number;
  node_id: string;
  attempt: number;
  phase: string;
  /** 1 once the phase is terminal: the row is then never updated again. */
  terminal: number;
  phase_version: number;
  plugin_state: string | null;
  started_at: number;
  stopped_at: number | null;
  outputs_uri: string | null;
  error: string | null;
}

export interface EventRow {
  id: Generated<number>;
  exec_id: number;
  /** 1, 2, 3, … per execution, in append order. */
  seq: number;
  kind: number;
  payload: Uint8Array;
}

/** Event kinds as stored (one byte instead of the name). */
export const EVENT_KIND_CODE: Record<StoredEvent["kind"], number> = { workflow: 1, node: 2, task: 3 };

export function eventKindFromCode(code: number): StoredEvent["kind"] {
  switch (code) {
    case 1:
      return "workflow";
    case 2:
      return "node";
    case 3:
      return "task";
    default:
      throw new SystemError("CorruptStateRow", `engine_events: unknown event kind code ${code}`, { retryable: false });
  }
}
