import { describe, expect, it } from "vitest";
import { create } from "@bufbuild/protobuf";
import { durationFromMs, timestampFromMs } from "@bufbuild/protobuf/wkt";
import { TaskExecutionSchema, type TaskExecution } from "@flyte-ts/idl/gen/flyteidl/admin/task_execution_pb";
import { TaskExecution_Phase } from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";
import { Phase, nodeExecution } from "../graph/graph-fixtures.js";
import { buildTimelineModel } from "./timeline-model.js";

const T0 = Date.UTC(2026, 0, 1);

function attempt(
  nodeId: string,
  retry: number,
  phase: TaskExecution_Phase,
  created: number,
  started?: number,
  duration?: number,
): TaskExecution {
  return create(TaskExecutionSchema, {
    id: { nodeExecutionId: { nodeId }, retryAttempt: retry },
    closure: {
      phase,
      createdAt: timestampFromMs(created),
      ...(started === undefined ? {} : { startedAt: timestampFromMs(started) }),
      ...(duration === undefined ? {} : { duration: durationFromMs(duration) }),
    },
  });
}

describe("buildTimelineModel", () => {
  it("orders rows by start, leaves out start/end and never-started nodes go last", () => {
    const m = buildTimelineModel({
      now: T0 + 10_000,
      nodeExecutions: [
        nodeExecution("start-node", Phase.SUCCEEDED, { createdAtMs: T0, startedAtMs: T0, durationMs: 0 }),
        nodeExecution("n1", Phase.SUCCEEDED, { createdAtMs: T0 + 2000, startedAtMs: T0 + 3000, durationMs: 1000 }),
        nodeExecution("n2", Phase.UNDEFINED),
        nodeExecution("n0", Phase.SUCCEEDED, { createdAtMs: T0 + 100, startedAtMs: T0 + 100, durationMs: 1500 }),
      ],
    });
    expect(m.rows.map((r) => r.nodeId)).toEqual(["n0", "n1", "n2"]);
    expect(m.start).toBe(T0 + 100);
    expect(m.end).toBe(T0 + 4000);
    expect(m.rows[1]?.segments).toEqual([
      { start: T0 + 2000, end: T0 + 3000, kind: "queued", phase: "queued" },
      { start: T0 + 3000, end: T0 + 4000, kind: "running", phase: "succeeded" },
    ]);
    expect(m.rows[2]?.segments).toEqual([]);
  });

  it("grows running bars to now", () => {
    const input = (now: number) => ({
      now,
      nodeExecutions: [nodeExecution("n0", Phase.RUNNING, { createdAtMs: T0, startedAtMs: T0, durationMs: 0 })],
    });
    expect(buildTimelineModel(input(T0 + 5000)).rows[0]?.segments.at(-1)?.end).toBe(T0 + 5000);
    const later = buildTimelineModel(input(T0 + 9000));
    expect(later.rows[0]?.segments.at(-1)).toMatchObject({ end: T0 + 9000, phase: "running" });
    expect(later.end).toBe(T0 + 9000);
  });

  it("draws each task attempt, with the wait before it", () => {
    const tasks = new Map([
      [
        "n0",
        [
          attempt("n0", 1, TaskExecution_Phase.RUNNING, T0 + 4000, T0 + 4500),
          attempt("n0", 0, TaskExecution_Phase.FAILED, T0 + 1000, T0 + 1200, 2000),
        ],
      ],
    ]);
    const m = buildTimelineModel({
      now: T0 + 6000,
      taskExecutions: tasks,
      nodeExecutions: [nodeExecution("n0", Phase.RUNNING, { createdAtMs: T0, startedAtMs: T0 + 1200 })],
    });
    const row = m.rows[0];
    expect(row?.attempts).toBe(2);
    expect(row?.segments).toEqual([
      { start: T0, end: T0 + 1000, kind: "queued", phase: "queued" },
      { start: T0 + 1000, end: T0 + 1200, kind: "queued", phase: "queued", attempt: 0 },
      { start: T0 + 1200, end: T0 + 3200, kind: "running", phase: "failed", attempt: 0 },
      { start: T0 + 4000, end: T0 + 4500, kind: "queued", phase: "queued", attempt: 1 },
      { start: T0 + 4500, end: T0 + 6000, kind: "running", phase: "running", attempt: 1 },
    ]);
  });

  it("spans at least a second, from now, when nothing started", () => {
    const m = buildTimelineModel({ now: T0, nodeExecutions: [nodeExecution("n0", Phase.QUEUED)] });
    expect(m).toMatchObject({ start: T0, end: T0 + 1000 });
  });

  it("builds a thousand rows quickly", () => {
    const execs = Array.from({ length: 1000 }, (_, i) =>
      nodeExecution(`n${i}`, Phase.SUCCEEDED, { createdAtMs: T0 + i, startedAtMs: T0 + i * 10, durationMs: 50 }),
    );
    const t0 = performance.now();
    const m = buildTimelineModel({ now: T0, nodeExecutions: execs });
    expect(performance.now() - t0).toBeLessThan(200);
    expect(m.rows).toHaveLength(1000);
  });
});
