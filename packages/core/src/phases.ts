import {
  NodeExecution_Phase as NodePhase,
  TaskExecution_Phase as TaskPhase,
  WorkflowExecution_Phase as WorkflowPhase,
} from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";

export { NodePhase, TaskPhase, WorkflowPhase };

const terminalWorkflow: ReadonlySet<WorkflowPhase> = new Set([
  WorkflowPhase.SUCCEEDED,
  WorkflowPhase.FAILED,
  WorkflowPhase.TIMED_OUT,
  WorkflowPhase.ABORTED,
]);
const terminalNode: ReadonlySet<NodePhase> = new Set([
  NodePhase.SUCCEEDED,
  NodePhase.FAILED,
  NodePhase.TIMED_OUT,
  NodePhase.ABORTED,
  NodePhase.SKIPPED,
  NodePhase.RECOVERED,
]);
const terminalTask: ReadonlySet<TaskPhase> = new Set([TaskPhase.SUCCEEDED, TaskPhase.FAILED, TaskPhase.ABORTED]);

export const isTerminalWorkflowPhase = (p: WorkflowPhase): boolean => terminalWorkflow.has(p);
export const isTerminalNodePhase = (p: NodePhase): boolean => terminalNode.has(p);
export const isTerminalTaskPhase = (p: TaskPhase): boolean => terminalTask.has(p);

/**
 * The verdict on applying an event's phase to a stored phase, as Flyte's control plane rules it:
 * - `apply`: a legal transition;
 * - `duplicate`: the same phase again (idempotent; callers answer AlreadyExists / success);
 * - `terminal`: the stored phase is terminal, nothing may follow (AlreadyInTerminalState);
 * - `invalid`: an illegal transition (FailedPrecondition), with the reason.
 */
export type TransitionVerdict =
  | { verdict: "apply" }
  | { verdict: "duplicate" }
  | { verdict: "terminal"; reason: string }
  | { verdict: "invalid"; reason: string };

const apply: TransitionVerdict = { verdict: "apply" };
const duplicate: TransitionVerdict = { verdict: "duplicate" };

export function checkWorkflowTransition(from: WorkflowPhase, to: WorkflowPhase): TransitionVerdict {
  if (from === to && to !== WorkflowPhase.QUEUED) return duplicate;
  if (terminalWorkflow.has(from)) {
    return { verdict: "terminal", reason: `execution is already ${WorkflowPhase[from]}` };
  }
  if (from === WorkflowPhase.ABORTING && !terminalWorkflow.has(to)) {
    return {
      verdict: "invalid",
      reason: `an aborting execution accepts only terminal phases, got ${WorkflowPhase[to]}`,
    };
  }
  if (to === WorkflowPhase.QUEUED && from !== WorkflowPhase.UNDEFINED && from !== WorkflowPhase.QUEUED) {
    return { verdict: "invalid", reason: `cannot go back to QUEUED from ${WorkflowPhase[from]}` };
  }
  return apply;
}

export function checkNodeTransition(from: NodePhase, to: NodePhase): TransitionVerdict {
  if (from === to) return duplicate;
  if (terminalNode.has(from)) return { verdict: "terminal", reason: `node is already ${NodePhase[from]}` };
  if (to === NodePhase.QUEUED && from !== NodePhase.UNDEFINED) {
    return { verdict: "invalid", reason: `cannot go back to QUEUED from ${NodePhase[from]}` };
  }
  return apply;
}

/**
 * Task events carry a phase version: within one phase, only a higher version is news.
 */
export function checkTaskTransition(
  from: TaskPhase,
  fromVersion: number,
  to: TaskPhase,
  toVersion: number,
): TransitionVerdict {
  if (from === to && toVersion <= fromVersion) return duplicate;
  if (terminalTask.has(from)) return { verdict: "terminal", reason: `task attempt is already ${TaskPhase[from]}` };
  return apply;
}
