import { create } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { TaskExecutionSchema, type TaskExecution } from "@flyte-ts/idl/gen/flyteidl/admin/task_execution_pb";
import { TaskExecution_Phase as P } from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";
import { describe, expect, it } from "vitest";
import { attemptReason, latestAttempt, pendingReason, waitingFor } from "./waiting.js";

const REASON = "waiting for resources: all 1 task slots are in use; 0 attempts ahead in line";

function attempt(retryAttempt: number, phase: P, reason = "", reasons: string[] = []): TaskExecution {
  return create(TaskExecutionSchema, {
    id: { retryAttempt },
    closure: {
      phase,
      reason,
      reasons: reasons.map((message, i) => ({ message, occurredAt: timestampFromMs(1000 * i) })),
    },
  });
}

describe("waiting reasons of task attempts", () => {
  it("the newest reason is closure.reason, else the last of reasons[]", () => {
    expect(attemptReason(attempt(0, P.WAITING_FOR_RESOURCES, REASON))).toBe(REASON);
    expect(attemptReason(attempt(0, P.WAITING_FOR_RESOURCES, "", ["first", "second"]))).toBe("second");
    expect(attemptReason(attempt(0, P.QUEUED))).toBe("");
  });

  it("a pending reason only while the attempt has not started", () => {
    expect(pendingReason(attempt(0, P.QUEUED, "no free worker"))).toBe("no free worker");
    expect(pendingReason(attempt(0, P.WAITING_FOR_RESOURCES, REASON))).toBe(REASON);
    expect(pendingReason(attempt(0, P.RUNNING, REASON))).toBe("");
    expect(pendingReason(attempt(0, P.SUCCEEDED, REASON))).toBe("");
  });

  it("a node waits when its newest attempt waits for resources; the badge text drops the prefix", () => {
    expect(waitingFor([attempt(0, P.WAITING_FOR_RESOURCES, REASON)])).toBe(
      "all 1 task slots are in use; 0 attempts ahead in line",
    );
    expect(waitingFor([attempt(0, P.WAITING_FOR_RESOURCES, "quota db")])).toBe("quota db");
    expect(waitingFor([attempt(0, P.WAITING_FOR_RESOURCES)])).toBe("");
    // The first attempt failed after waiting; the retry runs: not waiting.
    expect(waitingFor([attempt(1, P.RUNNING), attempt(0, P.WAITING_FOR_RESOURCES, REASON)])).toBeUndefined();
    expect(waitingFor([attempt(0, P.RETRYABLE_FAILED), attempt(1, P.WAITING_FOR_RESOURCES, REASON)])).toMatch(/^all 1/);
    expect(waitingFor([attempt(0, P.SUCCEEDED, REASON)])).toBeUndefined();
    expect(waitingFor(undefined)).toBeUndefined();
    expect(waitingFor([])).toBeUndefined();
    expect(latestAttempt([attempt(2, P.QUEUED), attempt(0, P.FAILED), attempt(1, P.FAILED)])?.id?.retryAttempt).toBe(2);
  });
});
