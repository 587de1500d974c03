import { create } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import type { EngineEvent } from "@flyte-ts/engine";
import { ExecutionSchema } from "@flyte-ts/idl/gen/flyteidl/admin/execution_pb";
import { TaskExecutionSchema } from "@flyte-ts/idl/gen/flyteidl/admin/task_execution_pb";
import {
  NodeExecution_Phase,
  TaskExecution_Phase,
  WorkflowExecution_Phase,
} from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";
import {
  EventReasonSchema,
  NodeExecutionEventSchema,
  TaskExecutionEventSchema,
} from "@flyte-ts/idl/gen/flyteidl/event/event_pb";
import { describe, expect, it } from "vitest";
import { describeNotifications, executionNotifications } from "../src/commands/nouns/notifications.js";
import { attemptReasonText, latestAttempt } from "../src/commands/nouns/task-reasons.js";
import { ProgressRenderer } from "../src/progress/progress-renderer.js";

const exec = { project: "p", domain: "d", name: "root" };
const node = (nodeId: string, phase: NodeExecution_Phase, atMs: number): EngineEvent => ({
  kind: "node",
  event: create(NodeExecutionEventSchema, {
    id: { nodeId, executionId: exec },
    specNodeId: nodeId,
    nodeName: "nap",
    phase,
    occurredAt: timestampFromMs(atMs),
  }),
});
const task = (nodeId: string, phase: TaskExecution_Phase, reason = "", retryAttempt = 0): EngineEvent => ({
  kind: "task",
  event: create(TaskExecutionEventSchema, {
    parentNodeExecutionId: { nodeId, executionId: exec },
    retryAttempt,
    phase,
    reasons: reason ? [create(EventReasonSchema, { reason })] : [],
  }),
});

describe("progress: waiting for resources", () => {
  it("prints the wait of a queued node once, and drops it when the node runs", () => {
    let out = "";
    const r = new ProgressRenderer({ write: (t) => (out += t), color: false, interactive: false });
    r.onEvent(node("n0", NodeExecution_Phase.QUEUED, 0));
    const why = "waiting for resources: all 1 task slots are in use; 0 attempts ahead in line";
    r.onEvent(task("n0", TaskExecution_Phase.WAITING_FOR_RESOURCES, why));
    r.onEvent(task("n0", TaskExecution_Phase.WAITING_FOR_RESOURCES, why)); // same reason: no line
    r.onEvent(task("n0", TaskExecution_Phase.RUNNING));
    r.onEvent(node("n0", NodeExecution_Phase.RUNNING, 100));
    r.onEvent(node("n0", NodeExecution_Phase.SUCCEEDED, 300));
    r.finish();
    expect(out.split("\n").filter((l) => l !== "")).toEqual([
      `  n0               nap                QUEUED                  ${why}`,
      "  n0               nap                RUNNING",
      "  n0               nap                SUCCEEDED       200ms",
    ]);
    expect(r.states.all[0]?.waitingReason).toBeUndefined();
  });

  it("names a plugin's reason as a wait for resources, and shows it on a redrawn table", () => {
    let out = "";
    const r = new ProgressRenderer({ write: (t) => (out += t), color: false, interactive: true, now: () => 0 });
    r.onEvent(node("n0", NodeExecution_Phase.QUEUED, 0));
    r.onEvent(task("n0", TaskExecution_Phase.WAITING_FOR_RESOURCES, "quota gpu exhausted"));
    r.finish();
    expect(out).toContain("QUEUED                  waiting for resources: quota gpu exhausted");
  });
});

describe("nouns: reasons and notifications", () => {
  it("shows the newest attempt's reason only while it has not started", () => {
    const attempt = (retryAttempt: number, phase: TaskExecution_Phase, reason: string) =>
      create(TaskExecutionSchema, { id: { retryAttempt }, closure: { phase, reason, reasons: [{ message: reason }] } });
    const waiting = attempt(1, TaskExecution_Phase.WAITING_FOR_RESOURCES, "pool db: 2 of 2 units in use");
    expect(latestAttempt([attempt(0, TaskExecution_Phase.FAILED, "x"), waiting])).toBe(waiting);
    expect(attemptReasonText(waiting)).toBe("waiting for resources: pool db: 2 of 2 units in use");
    expect(attemptReasonText(attempt(0, TaskExecution_Phase.QUEUED, "waiting for a free TypeScript task worker"))).toBe(
      "waiting for a free TypeScript task worker",
    );
    expect(attemptReasonText(attempt(0, TaskExecution_Phase.RUNNING, "waiting for resources: old"))).toBe("");
    expect(attemptReasonText(attempt(0, TaskExecution_Phase.SUCCEEDED, "waiting for resources: old"))).toBe("");
  });

  it("describes notifications by phase and channel, and an execution's overrides", () => {
    const list = [
      {
        phases: [WorkflowExecution_Phase.FAILED, WorkflowExecution_Phase.TIMED_OUT],
        type: { case: "email" as const, value: { recipientsEmail: ["a@x.com", "b@x.com"] } },
      },
      {
        phases: [WorkflowExecution_Phase.SUCCEEDED],
        type: { case: "slack" as const, value: { recipientsEmail: ["#c"] } },
      },
    ];
    const e = create(ExecutionSchema, {
      spec: { notificationOverrides: { case: "notifications", value: { notifications: list } } },
    });
    expect(executionNotifications(e)).toBe("FAILED,TIMED_OUT → email a@x.com,b@x.com; SUCCEEDED → slack #c");
    expect(describeNotifications([])).toBe("-");
    expect(
      executionNotifications(
        create(ExecutionSchema, { spec: { notificationOverrides: { case: "disableAll", value: true } } }),
      ),
    ).toBe("disabled");
    expect(executionNotifications(create(ExecutionSchema, { spec: {} }))).toBe("-");
  });
});
