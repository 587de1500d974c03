import {
  NodeExecution_Phase,
  TaskExecution_Phase,
  WorkflowExecution_Phase,
} from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";

/** The engine's node phases (propeller `NodePhase`), plus Aborted for nodes stopped by an abort. */
export const NodePhase = {
  NotYetStarted: "NotYetStarted",
  Queued: "Queued",
  Running: "Running",
  DynamicRunning: "DynamicRunning",
  Succeeded: "Succeeded",
  Failed: "Failed",
  Skipped: "Skipped",
  TimedOut: "TimedOut",
  Recovered: "Recovered",
  Aborted: "Aborted",
} as const;
export type NodePhase = (typeof NodePhase)[keyof typeof NodePhase];

/** The engine's workflow phases (propeller `WorkflowPhase`). */
export const WorkflowPhase = {
  Ready: "Ready",
  Running: "Running",
  Failing: "Failing",
  HandlingFailureNode: "HandlingFailureNode",
  Succeeding: "Succeeding",
  Succeeded: "Succeeded",
  Failed: "Failed",
  Aborted: "Aborted",
} as const;
export type WorkflowPhase = (typeof WorkflowPhase)[keyof typeof WorkflowPhase];

export function isTerminalNode(p: NodePhase): boolean {
  switch (p) {
    case "Succeeded":
    case "Failed":
    case "Skipped":
    case "TimedOut":
    case "Recovered":
    case "Aborted":
      return true;
    case "NotYetStarted":
    case "Queued":
    case "Running":
    case "DynamicRunning":
      return false;
    default:
      return assertNever(p);
  }
}

/**
 * The phase a started node takes when its handler reports `proposed`. A node never goes back to
 * Queued: once Running (or DynamicRunning) it stays there while a retry's next attempt waits for a
 * worker — retries are invisible at node level (brief §4.3), only the attempt's task execution is
 * QUEUED again, and Admin refuses a node event going back to QUEUED.
 */
export function nextActivePhase(current: NodePhase, proposed: NodePhase): NodePhase {
  if (proposed !== "Queued") return proposed;
  return current === "Running" || current === "DynamicRunning" ? current : proposed;
}

/** Succeeded or Recovered: downstream nodes may use the outputs. */
export function isSuccessNode(p: NodePhase): boolean {
  return p === "Succeeded" || p === "Recovered";
}

export function isFailureNode(p: NodePhase): boolean {
  return p === "Failed" || p === "TimedOut" || p === "Aborted";
}

export function isTerminalWorkflow(p: WorkflowPhase): boolean {
  switch (p) {
    case "Succeeded":
    case "Failed":
    case "Aborted":
      return true;
    case "Ready":
    case "Running":
    case "Failing":
    case "HandlingFailureNode":
    case "Succeeding":
      return false;
    default:
      return assertNever(p);
  }
}

/** Engine node phase → `core.NodeExecution.Phase` on events (brief §4.3). */
export function nodeEventPhase(p: NodePhase): NodeExecution_Phase {
  switch (p) {
    case "NotYetStarted":
      return NodeExecution_Phase.UNDEFINED;
    case "Queued":
      return NodeExecution_Phase.QUEUED;
    case "Running":
      return NodeExecution_Phase.RUNNING;
    case "DynamicRunning":
      return NodeExecution_Phase.DYNAMIC_RUNNING;
    case "Succeeded":
      return NodeExecution_Phase.SUCCEEDED;
    case "Failed":
      return NodeExecution_Phase.FAILED;
    case "Skipped":
      return NodeExecution_Phase.SKIPPED;
    case "TimedOut":
      return NodeExecution_Phase.TIMED_OUT;
    case "Recovered":
      return NodeExecution_Phase.RECOVERED;
    case "Aborted":
      return NodeExecution_Phase.ABORTED;
    default:
      return assertNever(p);
  }
}

/** Engine workflow phase → `core.WorkflowExecution.Phase` on events (brief §4.2). */
export function workflowEventPhase(p: WorkflowPhase): WorkflowExecution_Phase {
  switch (p) {
    case "Ready":
      return WorkflowExecution_Phase.QUEUED;
    case "Running":
      return WorkflowExecution_Phase.RUNNING;
    case "Failing":
    case "HandlingFailureNode":
      return WorkflowExecution_Phase.FAILING;
    case "Succeeding":
      return WorkflowExecution_Phase.SUCCEEDING;
    case "Succeeded":
      return WorkflowExecution_Phase.SUCCEEDED;
    case "Failed":
      return WorkflowExecution_Phase.FAILED;
    case "Aborted":
      return WorkflowExecution_Phase.ABORTED;
    default:
      return assertNever(p);
  }
}

/** Task attempt phases as plugins report them (flyteplugins `pluginsCore.Phase`). */
export const TaskAttemptPhase = {
  Queued: "Queued",
  WaitingForResources: "WaitingForResources",
  Initializing: "Initializing",
  Running: "Running",
  Succeeded: "Succeeded",
  Failed: "Failed",
  Aborted: "Aborted",
} as const;
export type TaskAttemptPhase = (typeof TaskAttemptPhase)[keyof typeof TaskAttemptPhase];

export function isTerminalAttempt(p: TaskAttemptPhase): boolean {
  return p === "Succeeded" || p === "Failed" || p === "Aborted";
}

/** Task attempt phase → `core.TaskExecution.Phase` on events (brief §4.5.2). */
export function taskEventPhase(p: TaskAttemptPhase): TaskExecution_Phase {
  switch (p) {
    case "Queued":
      return TaskExecution_Phase.QUEUED;
    case "WaitingForResources":
      return TaskExecution_Phase.WAITING_FOR_RESOURCES;
    case "Initializing":
      return TaskExecution_Phase.INITIALIZING;
    case "Running":
      return TaskExecution_Phase.RUNNING;
    case "Succeeded":
      return TaskExecution_Phase.SUCCEEDED;
    case "Failed":
      return TaskExecution_Phase.FAILED;
    case "Aborted":
      return TaskExecution_Phase.ABORTED;
    default:
      return assertNever(p);
  }
}

export function assertNever(x: never): never {
  throw new Error(`unexpected value ${JSON.stringify(x)}`);
}
