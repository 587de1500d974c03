import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { ResourceType } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import {
  NodeExecution_Phase as NodePhase,
  TaskExecution_Phase as TaskPhase,
} from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRepositories } from "../../src/persistence/repositories.js";
import { PD, startExecutionFixture, type ExecutionFixture } from "./execution-fixture.js";

const task = { resourceType: ResourceType.TASK, ...PD, name: "t", version: "v1" };

describe("task events: reasons on the TaskExecution closure (Get/ListTaskExecutions)", () => {
  let f: ExecutionFixture;
  beforeAll(async () => {
    f = await startExecutionFixture();
  });
  afterAll(async () => f.close());

  it("appends reasons[] (the last is closure.reason) and the deprecated reason as one reason", async () => {
    const now = Date.now();
    const id = { ...PD, name: "ev-reasons" };
    await createRepositories(f.database.db).executions.create({
      id,
      phase: "QUEUED",
      launchPlanId: { ...PD, name: "lp", version: "v1" },
      workflowId: { ...PD, name: "wf", version: "v1" },
      taskName: "",
      mode: 0,
      principal: "test",
      parentNodeExecution: null,
      referenceExecution: null,
      cluster: "",
      startedAt: null,
      durationMs: null,
      createdAt: now,
      updatedAt: now,
      state: 0,
      spec: new Uint8Array(),
      closure: new Uint8Array(),
      errorKind: "",
      errorCode: "",
      inputsUri: "",
      userInputsUri: "",
      tags: [],
    });
    const nodeId = { executionId: id, nodeId: "n0" };
    await f.grpc.createNodeEvent({ event: { id: nodeId, phase: NodePhase.QUEUED, specNodeId: "n0" } });
    const send = (phase: TaskPhase, phaseVersion: number, extra: object) =>
      f.grpc.createTaskEvent({
        event: { taskId: task, parentNodeExecutionId: nodeId, retryAttempt: 0, phase, phaseVersion, ...extra },
      });
    await send(TaskPhase.WAITING_FOR_RESOURCES, 0, {
      reasons: [{ reason: "waiting for resources: all 1 task slots are in use", occurredAt: timestampFromMs(now) }],
    });
    const attempt = { taskId: task, nodeExecutionId: nodeId, retryAttempt: 0 };
    const waiting = await f.grpc.getTaskExecution({ id: attempt });
    expect(waiting.closure?.phase).toBe(TaskPhase.WAITING_FOR_RESOURCES);
    expect(waiting.closure?.reason).toBe("waiting for resources: all 1 task slots are in use");

    // An older producer sends only the deprecated field: it becomes a reason at the event's time.
    await send(TaskPhase.WAITING_FOR_RESOURCES, 1, { reason: "still waiting", occurredAt: timestampFromMs(now + 5) });
    await send(TaskPhase.RUNNING, 0, {});
    const listed = await f.grpc.listTaskExecutions({ nodeExecutionId: nodeId, limit: 10 });
    const closure = listed.taskExecutions[0]?.closure;
    expect(closure?.reasons.map((r) => r.message)).toEqual([
      "waiting for resources: all 1 task slots are in use",
      "still waiting",
    ]);
    expect(closure?.reasons[1]?.occurredAt).toEqual(timestampFromMs(now + 5));
    // A later event without a reason keeps the last one (Flyte does not clear it).
    expect(closure?.reason).toBe("still waiting");
    expect(f.internalErrors).toEqual([]);
  });
});
