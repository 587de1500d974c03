import { durationMs, timestampMs, type Duration, type Timestamp } from "@bufbuild/protobuf/wkt";
import type { NodeExecution } from "@flyte-ts/idl/gen/flyteidl/admin/node_execution_pb";
import type { TaskExecution } from "@flyte-ts/idl/gen/flyteidl/admin/task_execution_pb";
import { isTerminalClass, nodePhaseClass, taskPhaseClass, type PhaseClass } from "../graph/phase-class.js";

/** A stretch of one row: waiting to start (`queued`) or running, coloured by `phase`. */
export interface TimelineSegment {
  readonly start: number;
  readonly end: number;
  readonly kind: "queued" | "running";
  readonly phase: PhaseClass;
  /** Task attempt number (retry attempt), when the segment comes from a task execution. */
  readonly attempt?: number;
}

export interface TimelineRow {
  readonly nodeId: string;
  readonly label: string;
  readonly phase: PhaseClass;
  readonly attempts: number;
  readonly segments: readonly TimelineSegment[];
  /** First segment start, or undefined for a node that never started. */
  readonly start: number | undefined;
  readonly end: number | undefined;
}

export interface TimelineModel {
  /** Epoch ms of the axis' origin and end (end ≥ start + 1 s). */
  readonly start: number;
  readonly end: number;
  readonly rows: readonly TimelineRow[];
}

export interface TimelineInput {
  readonly nodeExecutions: readonly NodeExecution[];
  readonly taskExecutions?: ReadonlyMap<string, readonly TaskExecution[]> | undefined;
  readonly now: number;
}

const HIDDEN_NODES = new Set(["start-node", "end-node"]);
const MIN_SPAN_MS = 1000;

const ms = (t: Timestamp | undefined): number | undefined => {
  if (!t) return undefined;
  const v = timestampMs(t);
  return v > 0 ? v : undefined;
};
const dms = (d: Duration | undefined): number => (d ? Math.max(0, durationMs(d)) : 0);

/** Where a started thing ends: its start + duration once terminal, else now. */
function endOf(started: number, duration: Duration | undefined, terminal: boolean, now: number): number {
  return terminal ? started + dms(duration) : Math.max(started, now);
}

function attemptSegments(attempts: readonly TaskExecution[], now: number): TimelineSegment[] {
  const out: TimelineSegment[] = [];
  const sorted = [...attempts].sort((a, b) => (a.id?.retryAttempt ?? 0) - (b.id?.retryAttempt ?? 0));
  for (const t of sorted) {
    const phase = taskPhaseClass(t.closure?.phase);
    const terminal = isTerminalClass(phase);
    const attempt = t.id?.retryAttempt ?? 0;
    const created = ms(t.closure?.createdAt);
    const started = ms(t.closure?.startedAt);
    if (created !== undefined && (started === undefined || started > created)) {
      const end = started ?? (terminal ? (ms(t.closure?.updatedAt) ?? created) : now);
      out.push({ start: created, end: Math.max(created, end), kind: "queued", phase: "queued", attempt });
    }
    if (started !== undefined) {
      out.push({
        start: started,
        end: endOf(started, t.closure?.duration, terminal, now),
        kind: "running",
        phase,
        attempt,
      });
    }
  }
  return out;
}

function nodeSegments(ne: NodeExecution, phase: PhaseClass, now: number): TimelineSegment[] {
  const terminal = isTerminalClass(phase);
  const created = ms(ne.closure?.createdAt);
  const started = ms(ne.closure?.startedAt);
  const out: TimelineSegment[] = [];
  if (created !== undefined && (started === undefined || started > created) && phase !== "skipped") {
    const end = started ?? (terminal ? (ms(ne.closure?.updatedAt) ?? created) : now);
    out.push({ start: created, end: Math.max(created, end), kind: "queued", phase: "queued" });
  }
  if (started !== undefined) {
    out.push({ start: started, end: endOf(started, ne.closure?.duration, terminal, now), kind: "running", phase });
  }
  return out;
}

function rowOf(ne: NodeExecution, input: TimelineInput): TimelineRow {
  const nodeId = ne.id?.nodeId ?? "";
  const phase = nodePhaseClass(ne.closure?.phase);
  const attempts = input.taskExecutions?.get(nodeId) ?? [];
  let segments = nodeSegments(ne, phase, input.now);
  if (attempts.length > 0) {
    const fromAttempts = attemptSegments(attempts, input.now);
    const firstAttempt = Math.min(...fromAttempts.map((s) => s.start));
    const created = ms(ne.closure?.createdAt);
    // The node waited before its first attempt was created; show that as queued too.
    segments =
      created !== undefined && created < firstAttempt
        ? [{ start: created, end: firstAttempt, kind: "queued", phase: "queued" }, ...fromAttempts]
        : fromAttempts;
  }
  const spec = ne.metadata?.specNodeId ?? "";
  return {
    nodeId,
    label: spec !== "" && spec !== nodeId ? `${nodeId} (${spec})` : nodeId,
    phase,
    attempts: attempts.length,
    segments,
    start: segments.length > 0 ? Math.min(...segments.map((s) => s.start)) : undefined,
    end: segments.length > 0 ? Math.max(...segments.map((s) => s.end)) : undefined,
  };
}

/**
 * The Gantt rows of an execution: one row per node execution (start and end nodes left out),
 * ordered by when they started, each with its queued and running stretches per attempt.
 * Running stretches grow to `now`.
 */
export function buildTimelineModel(input: TimelineInput): TimelineModel {
  const rows = input.nodeExecutions
    .filter((ne) => !HIDDEN_NODES.has(ne.id?.nodeId ?? ""))
    .map((ne) => rowOf(ne, input))
    .sort(
      (a, b) =>
        (a.start ?? Infinity) - (b.start ?? Infinity) || a.nodeId.localeCompare(b.nodeId, "en", { numeric: true }),
    );
  const starts = rows.flatMap((r) => (r.start === undefined ? [] : [r.start]));
  const ends = rows.flatMap((r) => (r.end === undefined ? [] : [r.end]));
  const start = starts.length > 0 ? Math.min(...starts) : input.now;
  const end = Math.max(ends.length > 0 ? Math.max(...ends) : start, start + MIN_SPAN_MS);
  return { start, end, rows };
}
