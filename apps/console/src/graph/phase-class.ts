import { NodeExecution_Phase, TaskExecution_Phase } from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";

/**
 * The console's colour classes for execution phases. Each has a CSS variable `--phase-<class>`
 * in the theme; `pending` (not started yet) is drawn with the theme's border colour.
 */
export const PHASE_CLASSES = [
  "pending",
  "queued",
  "waiting",
  "running",
  "succeeded",
  "failed",
  "aborted",
  "skipped",
] as const;
export type PhaseClass = (typeof PHASE_CLASSES)[number];

/** Whether a phase class is final (no more updates expected). */
export function isTerminalClass(phase: PhaseClass): boolean {
  return phase === "succeeded" || phase === "failed" || phase === "aborted" || phase === "skipped";
}

export function nodePhaseClass(phase: NodeExecution_Phase | undefined): PhaseClass {
  switch (phase) {
    case undefined:
    case NodeExecution_Phase.UNDEFINED:
      return "pending";
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
      return unknownPhase(phase);
  }
}

export function taskPhaseClass(phase: TaskExecution_Phase | undefined): PhaseClass {
  switch (phase) {
    case undefined:
    case TaskExecution_Phase.UNDEFINED:
      return "pending";
    case TaskExecution_Phase.QUEUED:
      return "queued";
    case TaskExecution_Phase.WAITING_FOR_RESOURCES:
    case TaskExecution_Phase.INITIALIZING:
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
      return unknownPhase(phase);
  }
}

/** Exhaustiveness guard: a phase added to flyteidl later shows as pending instead of crashing. */
function unknownPhase(phase: never): PhaseClass {
  void phase;
  return "pending";
}

/** Human label for a phase class (used in accessible names and legends). */
export function phaseLabel(phase: PhaseClass): string {
  return phase === "pending" ? "not started" : phase;
}
