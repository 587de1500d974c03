import type { Updateable } from "kysely";
import { fromDbBytes, toDbBytes } from "../bytes.js";
import type { ExecutionsTable } from "../schema.js";
import type { EntityId, NamedId } from "./common.js";

export interface ExecutionModel {
  id: NamedId;
  /** `WorkflowExecution.Phase` name, e.g. `RUNNING`. */
  phase: string;
  launchPlanId: EntityId;
  workflowId: EntityId;
  /** Set for single-task executions. */
  taskName: string;
  /** `ExecutionMetadata.ExecutionMode` number. */
  mode: number;
  principal: string;
  /** The node that launched this execution (child executions of launch-plan nodes). */
  parentNodeExecution: { executionId: NamedId; nodeId: string } | null;
  /** The execution this one relaunches or recovers. */
  referenceExecution: NamedId | null;
  cluster: string;
  startedAt: number | null;
  durationMs: number | null;
  createdAt: number;
  updatedAt: number;
  /** `admin.ExecutionState` number (ACTIVE=0, ARCHIVED=1). */
  state: number;
  /** `admin.ExecutionSpec` bytes. */
  spec: Uint8Array;
  /** `admin.ExecutionClosure` bytes. */
  closure: Uint8Array;
  errorKind: string;
  errorCode: string;
  inputsUri: string;
  userInputsUri: string;
  tags: string[];
}

/** The mutable part of an execution. */
export type ExecutionPatch = Partial<
  Pick<
    ExecutionModel,
    "phase" | "cluster" | "startedAt" | "durationMs" | "updatedAt" | "state" | "closure" | "errorKind" | "errorCode"
  >
>;

export function executionToRow(m: ExecutionModel): ExecutionsTable {
  const parent = m.parentNodeExecution;
  const ref = m.referenceExecution;
  return {
    ...m.id,
    phase: m.phase,
    launch_plan_project: m.launchPlanId.project,
    launch_plan_domain: m.launchPlanId.domain,
    launch_plan_name: m.launchPlanId.name,
    launch_plan_version: m.launchPlanId.version,
    workflow_project: m.workflowId.project,
    workflow_domain: m.workflowId.domain,
    workflow_name: m.workflowId.name,
    workflow_version: m.workflowId.version,
    task_name: m.taskName,
    mode: m.mode,
    principal: m.principal,
    parent_project: parent?.executionId.project ?? null,
    parent_domain: parent?.executionId.domain ?? null,
    parent_name: parent?.executionId.name ?? null,
    parent_node_id: parent?.nodeId ?? null,
    reference_project: ref?.project ?? null,
    reference_domain: ref?.domain ?? null,
    reference_name: ref?.name ?? null,
    cluster: m.cluster,
    started_at: m.startedAt,
    duration_ms: m.durationMs,
    created_at: m.createdAt,
    updated_at: m.updatedAt,
    state: m.state,
    spec: toDbBytes(m.spec),
    closure: toDbBytes(m.closure),
    error_kind: m.errorKind,
    error_code: m.errorCode,
    inputs_uri: m.inputsUri,
    user_inputs_uri: m.userInputsUri,
  };
}

export function executionFromRow(r: ExecutionsTable, tags: string[]): ExecutionModel {
  const hasParent =
    r.parent_project !== null && r.parent_domain !== null && r.parent_name !== null && r.parent_node_id !== null;
  const hasRef = r.reference_project !== null && r.reference_domain !== null && r.reference_name !== null;
  return {
    id: { project: r.project, domain: r.domain, name: r.name },
    phase: r.phase,
    launchPlanId: {
      project: r.launch_plan_project,
      domain: r.launch_plan_domain,
      name: r.launch_plan_name,
      version: r.launch_plan_version,
    },
    workflowId: {
      project: r.workflow_project,
      domain: r.workflow_domain,
      name: r.workflow_name,
      version: r.workflow_version,
    },
    taskName: r.task_name,
    mode: r.mode,
    principal: r.principal,
    parentNodeExecution: hasParent
      ? {
          executionId: { project: r.parent_project ?? "", domain: r.parent_domain ?? "", name: r.parent_name ?? "" },
          nodeId: r.parent_node_id ?? "",
        }
      : null,
    referenceExecution: hasRef
      ? { project: r.reference_project ?? "", domain: r.reference_domain ?? "", name: r.reference_name ?? "" }
      : null,
    cluster: r.cluster,
    startedAt: r.started_at,
    durationMs: r.duration_ms,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    state: r.state,
    spec: fromDbBytes(r.spec),
    closure: fromDbBytes(r.closure),
    errorKind: r.error_kind,
    errorCode: r.error_code,
    inputsUri: r.inputs_uri,
    userInputsUri: r.user_inputs_uri,
    tags,
  };
}

export function patchToRow(p: ExecutionPatch): Updateable<ExecutionsTable> {
  const row: Updateable<ExecutionsTable> = {};
  if (p.phase !== undefined) row.phase = p.phase;
  if (p.cluster !== undefined) row.cluster = p.cluster;
  if (p.startedAt !== undefined) row.started_at = p.startedAt;
  if (p.durationMs !== undefined) row.duration_ms = p.durationMs;
  if (p.updatedAt !== undefined) row.updated_at = p.updatedAt;
  if (p.state !== undefined) row.state = p.state;
  if (p.closure !== undefined) row.closure = toDbBytes(p.closure);
  if (p.errorKind !== undefined) row.error_kind = p.errorKind;
  if (p.errorCode !== undefined) row.error_code = p.errorCode;
  return row;
}

/** An execution with every field set (its values mean nothing): the shape of a row. */
export function sampleExecution(): ExecutionModel {
  const id = { project: "", domain: "", name: "" };
  const entity = { ...id, version: "" };
  return {
    id,
    phase: "",
    launchPlanId: entity,
    workflowId: entity,
    taskName: "",
    mode: 0,
    principal: "",
    parentNodeExecution: null,
    referenceExecution: null,
    cluster: "",
    startedAt: null,
    durationMs: null,
    createdAt: 0,
    updatedAt: 0,
    state: 0,
    spec: new Uint8Array(),
    closure: new Uint8Array(),
    errorKind: "",
    errorCode: "",
    inputsUri: "",
    userInputsUri: "",
    tags: [],
  };
}
