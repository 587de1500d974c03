import { timestampMs } from "@bufbuild/protobuf/wkt";
import type { EngineEvent } from "@flyte-ts/engine";
import {
  ExecutionError_ErrorKind,
  NodeExecution_Phase,
  TaskExecution_Phase,
} from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";
import type { NodeExecutionEvent, TaskExecutionEvent } from "@flyte-ts/idl/gen/flyteidl/event/event_pb";

/** A node's phase as `flyte run` shows it (flyteidl's NodeExecution.Phase names). */
export type NodePhaseName =
  | "QUEUED"
  | "RUNNING"
  | "DYNAMIC_RUNNING"
  | "SUCCEEDED"
  | "FAILING"
  | "FAILED"
  | "ABORTED"
  | "SKIPPED"
  | "TIMED_OUT"
  | "RECOVERED"
  | "UNDEFINED";

export interface NodeFailure {
  readonly kind: "user" | "system" | "unknown";
  readonly code: string;
  readonly message: string;
}

/** What is known of one node execution, from its events. */
export interface NodeState {
  /** Unique node id within the execution (`n1-0-n0` for a node inside `n1`). */
  readonly id: string;
  /** The entity or node name (`t1`, `mySubwf`, `fractions`). */
  readonly name: string;
  /** How deep it is nested (0 = a node of the workflow that was run). */
  readonly depth: number;
  /** The child execution it belongs to, when not the root one (launch plans). */
  readonly execution?: string;
  phase: NodePhaseName;
  startedAtMs?: number;
  endedAtMs?: number;
  error?: NodeFailure;
  /** The task attempt running now, from 1 (retries make it grow). */
  attempt: number;
  /** Why the previous attempt failed, once a task was retried. */
  previousAttemptError?: string;
  /** Why the current attempt waits (WAITING_FOR_RESOURCES: a quota is full), until it starts. */
  waitingReason?: string;
  /** Order of the first event: the order nodes are listed in. */
  readonly order: number;
}

export function phaseName(p: NodeExecution_Phase): NodePhaseName {
  switch (p) {
    case NodeExecution_Phase.QUEUED:
      return "QUEUED";
    case NodeExecution_Phase.RUNNING:
      return "RUNNING";
    case NodeExecution_Phase.DYNAMIC_RUNNING:
      return "DYNAMIC_RUNNING";
    case NodeExecution_Phase.SUCCEEDED:
      return "SUCCEEDED";
    case NodeExecution_Phase.FAILING:
      return "FAILING";
    case NodeExecution_Phase.FAILED:
      return "FAILED";
    case NodeExecution_Phase.ABORTED:
      return "ABORTED";
    case NodeExecution_Phase.SKIPPED:
      return "SKIPPED";
    case NodeExecution_Phase.TIMED_OUT:
      return "TIMED_OUT";
    case NodeExecution_Phase.RECOVERED:
      return "RECOVERED";
    case NodeExecution_Phase.UNDEFINED:
      return "UNDEFINED";
    default: {
      const unknown: never = p;
      return unknown;
    }
  }
}

export function isTerminalPhase(p: NodePhaseName): boolean {
  return ["SUCCEEDED", "FAILED", "ABORTED", "SKIPPED", "TIMED_OUT", "RECOVERED"].includes(p);
}

export function errorKind(kind: ExecutionError_ErrorKind): NodeFailure["kind"] {
  switch (kind) {
    case ExecutionError_ErrorKind.USER:
      return "user";
    case ExecutionError_ErrorKind.SYSTEM:
      return "system";
    case ExecutionError_ErrorKind.UNKNOWN:
      return "unknown";
    default: {
      const unknown: never = kind;
      return unknown;
    }
  }
}

const hidden = new Set(["start-node", "end-node"]);

/** The engine's reasons already start with "waiting for resources"; others get it in front. */
export function waitingText(reason: string): string {
  if (reason.startsWith("waiting for resources")) return reason;
  return reason === "" ? "waiting for resources" : `waiting for resources: ${reason}`;
}

/**
 * Folds engine events into one state per node (start and end nodes left out), in the order
 * nodes first appeared. `update` returns the node that changed phase, if any.
 */
export class NodeStates {
  readonly #nodes = new Map<string, NodeState>();
  #rootExecution: string | undefined;

  /** The root execution's name: nodes of other (child) executions are marked with theirs. */
  setRoot(execution: string): void {
    this.#rootExecution = execution;
  }

  get all(): NodeState[] {
    return [...this.#nodes.values()].sort((a, b) => a.order - b.order);
  }

  /** The first node that failed with an error: the cause of a failed run. */
  get firstFailure(): NodeState | undefined {
    return this.all
      .filter((n) => n.error !== undefined && (n.phase === "FAILED" || n.phase === "TIMED_OUT"))
      .sort((a, b) => (a.endedAtMs ?? 0) - (b.endedAtMs ?? 0) || b.depth - a.depth)[0];
  }

  update(e: EngineEvent): NodeState | undefined {
    if (e.kind === "task") return this.#updateAttempt(e.event);
    if (e.kind !== "node") return undefined;
    const ev = e.event;
    const specId = ev.specNodeId || ev.id?.nodeId || "";
    const exec = ev.id?.executionId?.name ?? "";
    const childExec = this.#rootExecution !== undefined && exec !== this.#rootExecution ? exec : undefined;
    if (hidden.has(specId) || hidden.has(ev.id?.nodeId ?? "")) return undefined;
    const key = `${exec}/${ev.id?.nodeId ?? ""}`;
    const at = ev.occurredAt ? timestampMs(ev.occurredAt) : Date.now();
    const phase = phaseName(ev.phase);
    let node = this.#nodes.get(key);
    if (!node) {
      node = this.#create(ev, exec, childExec);
      this.#nodes.set(key, node);
    }
    if (node.phase === phase) return undefined;
    node.phase = phase;
    // Past the queue (running, finished): the attempt no longer waits.
    if (phase !== "QUEUED" && phase !== "UNDEFINED") delete node.waitingReason;
    if ((phase === "RUNNING" || phase === "DYNAMIC_RUNNING") && node.startedAtMs === undefined) node.startedAtMs = at;
    if (isTerminalPhase(phase)) {
      node.startedAtMs ??= at;
      node.endedAtMs = at;
    }
    if (ev.outputResult.case === "error") {
      const err = ev.outputResult.value;
      node.error = { kind: errorKind(err.kind), code: err.code, message: err.message };
    }
    return node;
  }

  /**
   * A task attempt waits for resources (the node changed: its reason), failed (remember why), or a
   * retry started (the node changed: attempt N).
   */
  #updateAttempt(ev: TaskExecutionEvent): NodeState | undefined {
    const parent = ev.parentNodeExecutionId;
    const node = this.#nodes.get(`${parent?.executionId?.name ?? ""}/${parent?.nodeId ?? ""}`);
    if (!node) return undefined;
    const attempt = ev.retryAttempt + 1;
    if (ev.phase === TaskExecution_Phase.WAITING_FOR_RESOURCES) {
      const reason = waitingText(ev.reasons.at(-1)?.reason || ev.reason);
      if (node.waitingReason === reason) return undefined;
      node.waitingReason = reason;
      return node;
    }
    // Any later phase of the attempt (initializing, running, failed): it no longer waits.
    const stoppedWaiting = node.waitingReason !== undefined && ev.phase !== TaskExecution_Phase.QUEUED;
    if (stoppedWaiting) delete node.waitingReason;
    if (ev.phase === TaskExecution_Phase.FAILED && ev.outputResult.case === "error") {
      node.previousAttemptError = ev.outputResult.value.message;
      return stoppedWaiting ? node : undefined;
    }
    if (ev.phase === TaskExecution_Phase.RUNNING && attempt > node.attempt) {
      node.attempt = attempt;
      return node;
    }
    return stoppedWaiting ? node : undefined;
  }

  #create(ev: NodeExecutionEvent, exec: string, childExec: string | undefined): NodeState {
    const parent = ev.parentNodeMetadata?.nodeId;
    const parentState = parent ? this.#nodes.get(`${exec}/${parent}`) : undefined;
    const depth = parentState ? parentState.depth + 1 : parent ? 1 : childExec ? 1 : 0;
    return {
      id: ev.id?.nodeId ?? "",
      // A task run on its own is wrapped in a one-node workflow whose node carries the task's full name.
      name: (ev.nodeName || ev.specNodeId || "").split(".").pop() ?? "",
      depth,
      ...(childExec ? { execution: childExec } : {}),
      phase: "UNDEFINED",
      attempt: 1,
      order: this.#nodes.size,
    };
  }
}
