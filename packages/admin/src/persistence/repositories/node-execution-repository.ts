import type { Updateable } from "kysely";
import { fromDbBytes, toDbBytes } from "../bytes.js";
import { applyListOptions, toPage, type ListOptions, type Page } from "../filters/list-query.js";
import { BOOL, col, DURATION, INT, TIMESTAMP, type ListSpec } from "../filters/list-spec.js";
import type { NodeExecutionsTable } from "../schema.js";
import type { Db } from "../transaction.js";
import { alreadyExists, bool, formatNamedId, notFound, wasInserted, type NamedId } from "./common.js";
import { NODE_PHASE_NAMES } from "./phases.js";

export interface NodeExecutionId {
  executionId: NamedId;
  /** Unique within the execution (sub-nodes carry their parents' prefixes, e.g. `n0-0-n1`). */
  nodeId: string;
}

export interface NodeExecutionModel {
  id: NodeExecutionId;
  /** Unique node id of the parent node; null for top-level nodes. */
  parentNodeId: string | null;
  specNodeId: string;
  retryGroup: string;
  /** `NodeExecution.Phase` name. */
  phase: string;
  isParent: boolean;
  isDynamic: boolean;
  isArray: boolean;
  inputUri: string;
  /** `admin.NodeExecutionClosure` bytes. */
  closure: Uint8Array;
  errorKind: string;
  errorCode: string;
  startedAt: number | null;
  durationMs: number | null;
  createdAt: number;
  updatedAt: number;
}

export type NodeExecutionPatch = Partial<
  Pick<
    NodeExecutionModel,
    | "phase"
    | "isParent"
    | "isDynamic"
    | "isArray"
    | "inputUri"
    | "closure"
    | "errorKind"
    | "errorCode"
    | "startedAt"
    | "durationMs"
    | "updatedAt"
  >
>;

export interface NodeExecutionRepository {
  /** `AlreadyExistsError` when the node execution exists. */
  create(node: NodeExecutionModel): Promise<void>;
  get(id: NodeExecutionId): Promise<NodeExecutionModel>;
  /** Like `ExecutionRepository.update`: compare-and-set on `ifPhase` when given. */
  update(id: NodeExecutionId, patch: NodeExecutionPatch, ifPhase?: string): Promise<boolean>;
  /**
   * Node executions of one execution. `parentNodeId: null` lists top-level nodes, a string lists
   * that node's children, absent lists every node.
   */
  list(
    scope: { executionId: NamedId; parentNodeId?: string | null },
    options: ListOptions,
  ): Promise<Page<NodeExecutionModel>>;
}

export const NODE_EXECUTION_LIST_SPEC: ListSpec = {
  entity: "node_execution",
  columns: {
    node_id: col("node_id"),
    spec_node_id: col("spec_node_id"),
    retry_group: col("retry_group"),
    phase: col("phase", { kind: "name", names: NODE_PHASE_NAMES }),
    is_parent: col("is_parent", BOOL),
    is_dynamic: col("is_dynamic", BOOL),
    is_array: col("is_array", BOOL),
    error_kind: col("error_kind"),
    error_code: col("error_code"),
    created_at: col("created_at", TIMESTAMP),
    updated_at: col("updated_at", TIMESTAMP),
    started_at: col("started_at", TIMESTAMP),
    duration_ms: col("duration_ms", INT),
    duration: col("duration_ms", DURATION),
    node_execution_created_at: col("created_at", TIMESTAMP),
    node_execution_updated_at: col("updated_at", TIMESTAMP),
  },
  defaultSort: { key: "created_at", direction: "ASCENDING" },
  tieBreak: ["node_id"],
};

const key = (id: NodeExecutionId) => `${formatNamedId(id.executionId)}/${id.nodeId}`;

function toRow(m: NodeExecutionModel): NodeExecutionsTable {
  return {
    ...m.id.executionId,
    node_id: m.id.nodeId,
    parent_node_id: m.parentNodeId,
    spec_node_id: m.specNodeId,
    retry_group: m.retryGroup,
    phase: m.phase,
    is_parent: bool(m.isParent),
    is_dynamic: bool(m.isDynamic),
    is_array: bool(m.isArray),
    input_uri: m.inputUri,
    closure: toDbBytes(m.closure),
    error_kind: m.errorKind,
    error_code: m.errorCode,
    started_at: m.startedAt,
    duration_ms: m.durationMs,
    created_at: m.createdAt,
    updated_at: m.updatedAt,
  };
}

function fromRow(r: NodeExecutionsTable): NodeExecutionModel {
  return {
    id: { executionId: { project: r.project, domain: r.domain, name: r.name }, nodeId: r.node_id },
    parentNodeId: r.parent_node_id,
    specNodeId: r.spec_node_id,
    retryGroup: r.retry_group,
    phase: r.phase,
    isParent: r.is_parent !== 0,
    isDynamic: r.is_dynamic !== 0,
    isArray: r.is_array !== 0,
    inputUri: r.input_uri,
    closure: fromDbBytes(r.closure),
    errorKind: r.error_kind,
    errorCode: r.error_code,
    startedAt: r.started_at,
    durationMs: r.duration_ms,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function patchToRow(p: NodeExecutionPatch): Updateable<NodeExecutionsTable> {
  const row: Updateable<NodeExecutionsTable> = {};
  if (p.phase !== undefined) row.phase = p.phase;
  if (p.isParent !== undefined) row.is_parent = bool(p.isParent);
  if (p.isDynamic !== undefined) row.is_dynamic = bool(p.isDynamic);
  if (p.isArray !== undefined) row.is_array = bool(p.isArray);
  if (p.inputUri !== undefined) row.input_uri = p.inputUri;
  if (p.closure !== undefined) row.closure = toDbBytes(p.closure);
  if (p.errorKind !== undefined) row.error_kind = p.errorKind;
  if (p.errorCode !== undefined) row.error_code = p.errorCode;
  if (p.startedAt !== undefined) row.started_at = p.startedAt;
  if (p.durationMs !== undefined) row.duration_ms = p.durationMs;
  if (p.updatedAt !== undefined) row.updated_at = p.updatedAt;
  return row;
}

export class KyselyNodeExecutionRepository implements NodeExecutionRepository {
  private readonly db: Db;
  constructor(options: { db: Db }) {
    this.db = options.db;
  }

  private one(id: NodeExecutionId) {
    return this.db
      .selectFrom("node_executions")
      .selectAll()
      .where("project", "=", id.executionId.project)
      .where("domain", "=", id.executionId.domain)
      .where("name", "=", id.executionId.name)
      .where("node_id", "=", id.nodeId);
  }

  async create(node: NodeExecutionModel): Promise<void> {
    const res = await this.db
      .insertInto("node_executions")
      .values(toRow(node))
      .onConflict((oc) => oc.columns(["project", "domain", "name", "node_id"]).doNothing())
      .execute();
    if (!wasInserted(res)) throw alreadyExists("node execution", key(node.id));
  }

  async get(id: NodeExecutionId): Promise<NodeExecutionModel> {
    const row = await this.one(id).executeTakeFirst();
    if (!row) throw notFound("node execution", key(id));
    return fromRow(row);
  }

  async update(id: NodeExecutionId, patch: NodeExecutionPatch, ifPhase?: string): Promise<boolean> {
    const set = patchToRow(patch);
    if (Object.keys(set).length === 0) return ifPhase === undefined || (await this.get(id)).phase === ifPhase;
    let q = this.db
      .updateTable("node_executions")
      .set(set)
      .where("project", "=", id.executionId.project)
      .where("domain", "=", id.executionId.domain)
      .where("name", "=", id.executionId.name)
      .where("node_id", "=", id.nodeId);
    if (ifPhase !== undefined) q = q.where("phase", "=", ifPhase);
    const res = await q.executeTakeFirst();
    if (res.numUpdatedRows > 0n) return true;
    await this.get(id);
    return false;
  }

  async list(
    scope: { executionId: NamedId; parentNodeId?: string | null },
    options: ListOptions,
  ): Promise<Page<NodeExecutionModel>> {
    let base = this.db
      .selectFrom("node_executions")
      .selectAll()
      .where("project", "=", scope.executionId.project)
      .where("domain", "=", scope.executionId.domain)
      .where("name", "=", scope.executionId.name);
    if (scope.parentNodeId === null) base = base.where("parent_node_id", "is", null);
    else if (scope.parentNodeId !== undefined) base = base.where("parent_node_id", "=", scope.parentNodeId);
    const { query, ...window } = applyListOptions(base, NODE_EXECUTION_LIST_SPEC, options);
    return toPage(await query.execute(), window, fromRow);
  }
}
