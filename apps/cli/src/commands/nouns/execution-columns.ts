import {
  ExecutionMetadata_ExecutionMode,
  ExecutionState,
  type Execution,
} from "@flyte-ts/idl/gen/flyteidl/admin/execution_pb";
import type { NodeExecution } from "@flyte-ts/idl/gen/flyteidl/admin/node_execution_pb";
import type { TaskExecution } from "@flyte-ts/idl/gen/flyteidl/admin/task_execution_pb";
import { CatalogCacheStatus } from "@flyte-ts/idl/gen/flyteidl/core/catalog_pb";
import {
  NodeExecution_Phase,
  TaskExecution_Phase,
  WorkflowExecution_Phase,
} from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";
import type { Column } from "../../output/proto-output.js";
import { formatDuration, formatTime, phaseColor } from "../../output/values.js";
import { executionNotifications } from "./notifications.js";
import { attemptReasonText } from "./task-reasons.js";

export const executionPhase = (e: Execution): string => WorkflowExecution_Phase[e.closure?.phase ?? 0] ?? "";
const nodePhase = (n: NodeExecution): string => NodeExecution_Phase[n.closure?.phase ?? 0] ?? "";
const taskPhase = (t: TaskExecution): string => TaskExecution_Phase[t.closure?.phase ?? 0] ?? "";

/** The error (or abort cause) of an execution, one line; empty when there is none. */
export function executionProblem(e: Execution): string {
  const r = e.closure?.outputResult;
  switch (r?.case) {
    case "error":
      return `${r.value.code}: ${r.value.message}`;
    case "abortCause":
      return `aborted: ${r.value}`;
    case "abortMetadata":
      return `aborted: ${r.value.cause}${r.value.principal ? ` (by ${r.value.principal})` : ""}`;
    case "outputs":
    case "outputData":
    case undefined:
      return "";
    default: {
      const unknown: never = r;
      return String(unknown);
    }
  }
}

export const EXECUTION_COLUMNS: readonly Column<Execution>[] = [
  { header: "NAME", value: (e) => e.id?.name ?? "" },
  { header: "LAUNCH PLAN", value: (e) => e.spec?.launchPlan?.name ?? "" },
  { header: "VERSION", value: (e) => e.spec?.launchPlan?.version ?? "" },
  { header: "PHASE", value: executionPhase, color: (e) => phaseColor(executionPhase(e)) },
  { header: "MODE", value: (e) => ExecutionMetadata_ExecutionMode[e.spec?.metadata?.mode ?? 0] ?? "" },
  { header: "STARTED", value: (e) => formatTime(e.closure?.startedAt) },
  { header: "DURATION", value: (e) => formatDuration(e.closure?.duration) },
];

/** One execution: the list columns plus state, tags, notification overrides and its error. */
export const EXECUTION_DETAIL_COLUMNS: readonly Column<Execution>[] = [
  ...EXECUTION_COLUMNS,
  {
    header: "STATE",
    value: (e) => (ExecutionState[e.closure?.stateChangeDetails?.state ?? 0] ?? "").replace(/^EXECUTION_/, ""),
  },
  { header: "TAGS", value: (e) => (e.spec?.tags.length ? e.spec.tags.join(",") : "-") },
  { header: "NOTIFICATIONS", value: executionNotifications },
  { header: "ERROR", value: (e) => executionProblem(e) || "-" },
];

function cacheOf(n: NodeExecution): string {
  const t = n.closure?.targetMetadata;
  if (t?.case !== "taskNodeMetadata") return "-";
  return (CatalogCacheStatus[t.value.cacheStatus] ?? "").replace(/^CACHE_/, "");
}

function nodeError(n: NodeExecution): string {
  const r = n.closure?.outputResult;
  return r?.case === "error" ? r.value.message : "-";
}

/** Node execution columns; REASON is why a non-terminal task node waits (node id → text, see `nodeWaitingReasons`). */
export const nodeExecutionColumns = (reasons: ReadonlyMap<string, string>): readonly Column<NodeExecution>[] => [
  { header: "NODE", value: (n) => n.id?.nodeId ?? "" },
  { header: "SPEC NODE", value: (n) => n.metadata?.specNodeId || "-" },
  { header: "PHASE", value: nodePhase, color: (n) => phaseColor(nodePhase(n)) },
  { header: "STARTED", value: (n) => formatTime(n.closure?.startedAt) },
  { header: "DURATION", value: (n) => formatDuration(n.closure?.duration) },
  { header: "CACHE", value: cacheOf },
  { header: "CHILDREN", value: (n) => (n.metadata?.isParentNode ? "yes" : "-") },
  { header: "REASON", value: (n) => reasons.get(n.id?.nodeId ?? "") ?? "-" },
  { header: "ERROR", value: nodeError },
];

export const TASK_EXECUTION_COLUMNS: readonly Column<TaskExecution>[] = [
  { header: "ATTEMPT", value: (t) => String(t.id?.retryAttempt ?? 0) },
  { header: "TASK", value: (t) => t.id?.taskId?.name ?? "" },
  { header: "VERSION", value: (t) => t.id?.taskId?.version ?? "" },
  { header: "PHASE", value: taskPhase, color: (t) => phaseColor(taskPhase(t)) },
  { header: "STARTED", value: (t) => formatTime(t.closure?.startedAt) },
  { header: "DURATION", value: (t) => formatDuration(t.closure?.duration) },
  { header: "REASON", value: (t) => attemptReasonText(t) || "-" },
  { header: "LOGS", value: (t) => (t.closure?.logs.length ? t.closure.logs.map((l) => l.uri).join(" ") : "-") },
];
