import {
  NodeExecution_Phase,
  TaskExecution_Phase,
  WorkflowExecution_Phase,
} from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";

/** The colour groups of theme.css (`--phase-<group>`). */
export type PhaseGroup = "queued" | "running" | "succeeded" | "failed" | "aborted" | "skipped" | "waiting";

export const workflowPhaseName = (p: WorkflowExecution_Phase): string => WorkflowExecution_Phase[p] ?? String(p);
export const nodePhaseName = (p: NodeExecution_Phase): string => NodeExecution_Phase[p] ?? String(p);
export const taskPhaseName = (p: TaskExecution_Phase): string => TaskExecution_Phase[p] ?? String(p);

/** Phase names a user can filter executions by. */
export const WORKFLOW_PHASES: readonly string[] = [
  "QUEUED",
  "RUNNING",
  "SUCCEEDING",
  "SUCCEEDED",
  "FAILING",
  "FAILED",
  "ABORTING",
  "ABORTED",
  "TIMED_OUT",
];

const WF_TERMINAL = new Set([
  WorkflowExecution_Phase.SUCCEEDED,
  WorkflowExecution_Phase.FAILED,
  WorkflowExecution_Phase.ABORTED,
  WorkflowExecution_Phase.TIMED_OUT,
]);
export const isWorkflowTerminal = (p: WorkflowExecution_Phase): boolean => WF_TERMINAL.has(p);

export function workflowPhaseGroup(p: WorkflowExecution_Phase): PhaseGroup {
  switch (p) {
    case WorkflowExecution_Phase.UNDEFINED:
    case WorkflowExecution_Phase.QUEUED:
      return "queued";
    case WorkflowExecution_Phase.RUNNING:
    case WorkflowExecution_Phase.SUCCEEDING:
    case WorkflowExecution_Phase.FAILING:
    case WorkflowExecution_Phase.ABORTING:
      return "running";
    case WorkflowExecution_Phase.SUCCEEDED:
      return "succeeded";
    case WorkflowExecution_Phase.FAILED:
    case WorkflowExecution_Phase.TIMED_OUT:
      return "failed";
    case WorkflowExecution_Phase.ABORTED:
      return "aborted";
    default:
      return "queued";
  }
}

export function nodePhaseGroup(p: NodeExecution_Phase): PhaseGroup {
  switch (p) {
    case NodeExecution_Phase.UNDEFINED:
    case NodeExecution_Phase.QUEUED:
      return "queued";
    case NodeExecution_Phase.RUNNING:
    case NodeExecution_Phase.DYNAMIC_RUNNING:
    case NodeExecution_Phase.FAILING:
      return "running";
    case NodeExecution_Phase.SUCCEEDED:
    case NodeExecution_Phase.RECOVERED:
      return "succeeded";
    case NodeExecution_Phase.FAILED:
    case NodeExecution_Phase.TIMED_OUT:
      return "failed";
    case NodeExecution_Phase.ABORTED:
      return "aborted";
    case NodeExecution_Phase.SKIPPED:
      return "skipped";
    default:
      return "waiting";
  }
}

export function taskPhaseGroup(p: TaskExecution_Phase): PhaseGroup {
  switch (p) {
    case TaskExecution_Phase.UNDEFINED:
    case TaskExecution_Phase.QUEUED:
      return "queued";
    case TaskExecution_Phase.INITIALIZING:
    case TaskExecution_Phase.WAITING_FOR_RESOURCES:
      return "waiting";
    case TaskExecution_Phase.RUNNING:
      return "running";
    case TaskExecution_Phase.SUCCEEDED:
      return "succeeded";
    case TaskExecution_Phase.FAILED:
    case TaskExecution_Phase.RETRYABLE_FAILED:
      return "failed";
    case TaskExecution_Phase.ABORTED:
      return "aborted";
    default:
      return "queued";
  }
}
