import type { Updateable } from "kysely";
import { fromDbBytes, toDbBytes } from "../bytes.js";
import { applyListOptions, toPage, type ListOptions, type Page } from "../filters/list-query.js";
import { BOOL, col, DURATION, INT, TIMESTAMP, type ListSpec } from "../filters/list-spec.js";
import type { TaskExecutionsTable } from "../schema.js";
import type { Db } from "../transaction.js";
import { alreadyExists, bool, formatEntityId, formatNamedId, notFound, wasInserted, type EntityId } from "./common.js";
import type { NodeExecutionId } from "./node-execution-repository.js";
import { TASK_PHASE_NAMES } from "./phases.js";

export interface TaskExecutionId {
  nodeExecutionId: NodeExecutionId;
  taskId: EntityId;
  retryAttempt: number;
}

/** One attempt of a task node. */
export interface TaskExecutionModel {
  id: TaskExecutionId;
  /** `TaskExecution.Phase` name. */
  phase: string;
  phaseVersion: number;
  isParent: boolean;
  inputUri: string;
  /** `admin.TaskExecutionClosure` bytes. */
  closure: Uint8Array;
  startedAt: number | null;
  durationMs: number | null;
  createdAt: number;
  updatedAt: number;
}

export type TaskExecutionPatch = Partial<
  Pick<
    TaskExecutionModel,
    "phase" | "phaseVersion" | "isParent" | "inputUri" | "closure" | "startedAt" | "durationMs" | "updatedAt"
  >
>;

export interface TaskExecutionRepository {
  create(attempt: TaskExecutionModel): Promise<void>;
  get(id: TaskExecutionId): Promise<TaskExecutionModel>;
  /**
   * Applies `patch`. With `expected`, only when the stored phase and phase version still equal it
   * (compare-and-set for concurrent event writers): returns false when they did not.
   * `NotFoundError` if the attempt does not exist.
   */
  update(
    id: TaskExecutionId,
    patch: TaskExecutionPatch,
    expected?: { phase: string; phaseVersion: number },
  ): Promise<boolean>;
  /** Attempts of one node execution. */
  list(nodeExecutionId: NodeExecutionId, options: ListOptions): Promise<Page<TaskExecutionModel>>;
}

export const TASK_EXECUTION_LIST_SPEC: ListSpec = {
  entity: "task_execution",
  columns: {
    phase: col("phase", { kind: "name", names: TASK_PHASE_NAMES }),
    retry_attempt: col("retry_attempt", INT),
    phase_version: col("phase_version", INT),
    is_parent: col("is_parent", BOOL),
    created_at: col("created_at", TIMESTAMP),
    updated_at: col("updated_at", TIMESTAMP),
    started_at: col("started_at", TIMESTAMP),
    duration_ms: col("duration_ms", INT),
    duration: col("duration_ms", DURATION),
    task_execution_created_at: col("created_at", TIMESTAMP),
    task_execution_updated_at: col("updated_at", TIMESTAMP),
    "task.project": col("task_project"),
    "task.domain": col("task_domain"),
    "task.name": col("task_name"),
    "task.version": col("task_version"),
  },
  defaultSort: { key: "retry_attempt", direction: "ASCENDING" },
  tieBreak: ["task_name", "task_version"],
};

const keyOf = (id: TaskExecutionId) =>
  `${formatNamedId(id.nodeExecutionId.executionId)}/${id.nodeExecutionId.nodeId}/${formatEntityId(id.taskId)}/${id.retryAttempt}`;

function toRow(m: TaskExecutionModel): TaskExecutionsTable {
  const t = m.id.taskId;
  return {
    ...m.id.nodeExecutionId.executionId,
    node_id: m.id.nodeExecutionId.nodeId,
    task_project: t.project,
    task_domain: t.domain,
    task_name: t.name,
    task_version: t.version,
    retry_attempt: m.id.retryAttempt,
    phase: m.phase,
    phase_version: m.phaseVersion,
    is_parent: bool(m.isParent),
    input_uri: m.inputUri,
    closure: toDbBytes(m.closure),
    started_at: m.startedAt,
    duration_ms: m.durationMs,
    created_at: m.createdAt,
    updated_at: m.updatedAt,
  };
}

function fromRow(r: TaskExecutionsTable): TaskExecutionModel {
  return {
    id: {
      nodeExecutionId: { executionId: { project: r.project, domain: r.domain, name: r.name }, nodeId: r.node_id },
      taskId: { project: r.task_project, domain: r.task_domain, name: r.task_name, version: r.task_version },
      retryAttempt: r.retry_attempt,
    },
    phase: r.phase,
    phaseVersion: r.phase_version,
    isParent: r.is_parent !== 0,
    inputUri: r.input_uri,
    closure: fromDbBytes(r.closure),
    startedAt: r.started_at,
    durationMs: r.duration_ms,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function patchToRow(p: TaskExecutionPatch): Updateable<TaskExecutionsTable> {
  const row: Updateable<TaskExecutionsTable> = {};
  if (p.phase !== undefined) row.phase = p.phase;
  if (p.phaseVersion !== undefined) row.phase_version = p.phaseVersion;
  if (p.isParent !== undefined) row.is_parent = bool(p.isParent);
  if (p.inputUri !== undefined) row.input_uri = p.inputUri;
  if (p.closure !== undefined) row.closure = toDbBytes(p.closure);
  if (p.startedAt !== undefined) row.started_at = p.startedAt;
  if (p.durationMs !== undefined) row.duration_ms = p.durationMs;
  if (p.updatedAt !== undefined) row.updated_at = p.updatedAt;
  return row;
}

const PK = [
  "project",
  "domain",
  "name",
  "node_id",
  "task_project",
  "task_domain",
  "task_name",
  "task_version",
  "retry_attempt",
] as const;

export class KyselyTaskExecutionRepository implements TaskExecutionRepository {
  private readonly db: Db;
  constructor(options: { db: Db }) {
    this.db = options.db;
  }

  async create(attempt: TaskExecutionModel): Promise<void> {
    const res = await this.db
      .insertInto("task_executions")
      .values(toRow(attempt))
      .onConflict((oc) => oc.columns(PK).doNothing())
      .execute();
    if (!wasInserted(res)) throw alreadyExists("task execution", keyOf(attempt.id));
  }

  async get(id: TaskExecutionId): Promise<TaskExecutionModel> {
    const row = await this.db
      .selectFrom("task_executions")
      .selectAll()
      .where("project", "=", id.nodeExecutionId.executionId.project)
      .where("domain", "=", id.nodeExecutionId.executionId.domain)
      .where("name", "=", id.nodeExecutionId.executionId.name)
      .where("node_id", "=", id.nodeExecutionId.nodeId)
      .where("task_project", "=", id.taskId.project)
      .where("task_domain", "=", id.taskId.domain)
      .where("task_name", "=", id.taskId.name)
      .where("task_version", "=", id.taskId.version)
      .where("retry_attempt", "=", id.retryAttempt)
      .executeTakeFirst();
    if (!row) throw notFound("task execution", keyOf(id));
    return fromRow(row);
  }

  async update(
    id: TaskExecutionId,
    patch: TaskExecutionPatch,
    expected?: { phase: string; phaseVersion: number },
  ): Promise<boolean> {
    const set = patchToRow(patch);
    if (Object.keys(set).length === 0) {
      const current = await this.get(id);
      return (
        expected === undefined || (current.phase === expected.phase && current.phaseVersion === expected.phaseVersion)
      );
    }
    let q = this.db
      .updateTable("task_executions")
      .set(set)
      .where("project", "=", id.nodeExecutionId.executionId.project)
      .where("domain", "=", id.nodeExecutionId.executionId.domain)
      .where("name", "=", id.nodeExecutionId.executionId.name)
      .where("node_id", "=", id.nodeExecutionId.nodeId)
      .where("task_project", "=", id.taskId.project)
      .where("task_domain", "=", id.taskId.domain)
      .where("task_name", "=", id.taskId.name)
      .where("task_version", "=", id.taskId.version)
      .where("retry_attempt", "=", id.retryAttempt);
    if (expected !== undefined) {
      q = q.where("phase", "=", expected.phase).where("phase_version", "=", expected.phaseVersion);
    }
    const res = await q.executeTakeFirst();
    if (res.numUpdatedRows > 0n) return true;
    await this.get(id);
    return false;
  }

  async list(nodeExecutionId: NodeExecutionId, options: ListOptions): Promise<Page<TaskExecutionModel>> {
    const base = this.db
      .selectFrom("task_executions")
      .selectAll()
      .where("project", "=", nodeExecutionId.executionId.project)
      .where("domain", "=", nodeExecutionId.executionId.domain)
      .where("name", "=", nodeExecutionId.executionId.name)
      .where("node_id", "=", nodeExecutionId.nodeId);
    const { query, ...window } = applyListOptions(base, TASK_EXECUTION_LIST_SPEC, options);
    return toPage(await query.execute(), window, fromRow);
  }
}
