import { create } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { Code } from "@connectrpc/connect";
import { EventFailureReasonSchema } from "@flyte-ts/idl/gen/flyteidl/admin/event_pb";
import { WorkflowExecutionEventSchema } from "@flyte-ts/idl/gen/flyteidl/event/event_pb";
import { ResourceType } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import {
  NodeExecution_Phase as NodePhase,
  TaskExecution_Phase as TaskPhase,
  WorkflowExecution_Phase as Phase,
} from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRepositories } from "../../src/persistence/repositories.js";
import { errorOf } from "../registration/rpc-errors.js";
import { PD, startExecutionFixture, type ExecutionFixture } from "./execution-fixture.js";

const exec = (name: string) => ({ ...PD, name });
const task = { resourceType: ResourceType.TASK, ...PD, name: "t", version: "v1" };

/** An execution row nobody runs: the test plays the engine and sends its events over the API. */
async function queuedExecution(f: ExecutionFixture, name: string): Promise<void> {
  const now = Date.now();
  await createRepositories(f.database.db).executions.create({
    id: exec(name),
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
}

describe("execution events: Flyte's validation over CreateWorkflowEvent / CreateNodeEvent / CreateTaskEvent", () => {
  let f: ExecutionFixture;
  beforeAll(async () => {
    f = await startExecutionFixture();
  });
  afterAll(async () => f.close());

  const wf = (name: string, phase: Phase, producerId = "engine-a", extra: object = {}) =>
    f.grpc.createWorkflowEvent({
      requestId: "r",
      event: { executionId: exec(name), phase, producerId, occurredAt: timestampFromMs(Date.now()), ...extra },
    });

  it("workflow events: apply, duplicate → ALREADY_EXISTS, RUNNING → QUEUED rejected, terminal → FAILED_PRECONDITION with details", async () => {
    await queuedExecution(f, "ev-wf");
    await wf("ev-wf", Phase.RUNNING);
    const running = await f.grpc.getExecution({ id: exec("ev-wf") });
    expect(running.closure?.phase).toBe(Phase.RUNNING);
    expect(running.closure?.startedAt).toBeDefined();
    expect((await errorOf(wf("ev-wf", Phase.RUNNING))).code).toBe(Code.AlreadyExists);
    const back = await errorOf(wf("ev-wf", Phase.QUEUED));
    expect(back.code).toBe(Code.FailedPrecondition);
    expect(back.rawMessage).toContain("QUEUED");
    const other = await errorOf(wf("ev-wf", Phase.SUCCEEDED, "engine-b"));
    expect(other.code).toBe(Code.FailedPrecondition);
    expect(other.findDetails(EventFailureReasonSchema)[0]?.reason.case).toBe("incompatibleCluster");
    await wf("ev-wf", Phase.SUCCEEDED, "engine-a", {
      outputResult: { case: "outputUri", value: "file:///x/outputs.pb" },
    });
    const done = await f.grpc.getExecution({ id: exec("ev-wf") });
    expect(done.closure?.phase).toBe(Phase.SUCCEEDED);
    expect(done.closure?.duration).toBeDefined();
    const late = await errorOf(wf("ev-wf", Phase.FAILED));
    expect(late.code).toBe(Code.FailedPrecondition);
    const details = late.findDetails(EventFailureReasonSchema);
    expect(details[0]?.reason).toEqual({
      case: "alreadyInTerminalState",
      value: expect.objectContaining({ currentPhase: "SUCCEEDED" }) as unknown,
    });
  });

  it("bad workflow events: no event, no id, unknown execution, unknown phase", async () => {
    expect((await errorOf(f.grpc.createWorkflowEvent({}))).code).toBe(Code.InvalidArgument);
    const noId = await errorOf(f.grpc.createWorkflowEvent({ event: { phase: Phase.RUNNING } }));
    expect(noId.code).toBe(Code.InvalidArgument);
    expect(noId.rawMessage).toContain("event.execution_id");
    expect((await errorOf(wf("nobody", Phase.RUNNING))).code).toBe(Code.NotFound);
    await queuedExecution(f, "ev-phase");
    const unknown = await errorOf(wf("ev-phase", 99 as Phase));
    expect(unknown.code).toBe(Code.InvalidArgument);
    expect(unknown.rawMessage).toContain("event.phase");
  });

  it("node events create the row on first sight, then follow the node phase rules", async () => {
    await queuedExecution(f, "ev-node");
    const node = (phase: NodePhase, extra: object = {}) =>
      f.grpc.createNodeEvent({
        event: {
          id: { executionId: exec("ev-node"), nodeId: "n0" },
          phase,
          producerId: "engine-a",
          specNodeId: "n0",
          occurredAt: timestampFromMs(Date.now()),
          ...extra,
        },
      });
    await node(NodePhase.QUEUED, { inputValue: { case: "inputUri", value: "file:///in.pb" } });
    await node(NodePhase.RUNNING);
    expect((await errorOf(node(NodePhase.RUNNING))).code).toBe(Code.AlreadyExists);
    expect((await errorOf(node(NodePhase.QUEUED))).code).toBe(Code.FailedPrecondition);
    await node(NodePhase.SUCCEEDED, { outputResult: { case: "outputUri", value: "file:///out.pb" } });
    const got = await f.grpc.getNodeExecution({ id: { executionId: exec("ev-node"), nodeId: "n0" } });
    expect(got.inputUri).toBe("file:///in.pb");
    expect(got.closure?.phase).toBe(NodePhase.SUCCEEDED);
    expect(got.closure?.outputResult).toEqual({ case: "outputUri", value: "file:///out.pb" });
    const late = await errorOf(node(NodePhase.FAILED));
    expect(late.code).toBe(Code.FailedPrecondition);
    expect(late.findDetails(EventFailureReasonSchema)[0]?.reason.case).toBe("alreadyInTerminalState");
    // A child execution a node names must exist.
    const child = await errorOf(
      f.grpc.createNodeEvent({
        event: {
          id: { executionId: exec("ev-node"), nodeId: "n1" },
          phase: NodePhase.RUNNING,
          targetMetadata: { case: "workflowNodeMetadata", value: { executionId: exec("missing-child") } },
        },
      }),
    );
    expect(child.code).toBe(Code.NotFound);
    const noNode = await errorOf(f.grpc.createNodeEvent({ event: { id: { executionId: exec("ev-node") } } }));
    expect(noNode.code).toBe(Code.InvalidArgument);
    expect(noNode.rawMessage).toContain("event.id.node_id");
  });

  it("task events: phase-version rules, logs merged and reasons appended, nothing after terminal", async () => {
    await queuedExecution(f, "ev-task");
    const nodeId = { executionId: exec("ev-task"), nodeId: "n0" };
    await f.grpc.createNodeEvent({ event: { id: nodeId, phase: NodePhase.RUNNING, specNodeId: "n0" } });
    const attempt = (phase: TaskPhase, phaseVersion: number, extra: object = {}) =>
      f.grpc.createTaskEvent({
        event: { taskId: task, parentNodeExecutionId: nodeId, retryAttempt: 0, phase, phaseVersion, ...extra },
      });
    const orphan = await errorOf(
      f.grpc.createTaskEvent({
        event: { taskId: task, parentNodeExecutionId: { ...nodeId, nodeId: "zz" }, phase: TaskPhase.RUNNING },
      }),
    );
    expect(orphan.code).toBe(Code.NotFound);
    await attempt(TaskPhase.RUNNING, 0, { logs: [{ name: "a", uri: "file:///a" }], reasons: [{ reason: "starting" }] });
    expect((await errorOf(attempt(TaskPhase.RUNNING, 0))).code).toBe(Code.AlreadyExists);
    await attempt(TaskPhase.RUNNING, 1, {
      logs: [
        { name: "a", uri: "file:///a" },
        { name: "b", uri: "file:///b" },
      ],
      reasons: [{ reason: "still going" }],
    });
    const id = { taskId: task, nodeExecutionId: nodeId, retryAttempt: 0 };
    const mid = await f.grpc.getTaskExecution({ id });
    expect(mid.closure?.logs.map((l) => l.name)).toEqual(["a", "b"]);
    expect(mid.closure?.reasons.map((r) => r.message)).toEqual(["starting", "still going"]);
    await attempt(TaskPhase.SUCCEEDED, 0);
    const late = await errorOf(attempt(TaskPhase.RUNNING, 5));
    expect(late.code).toBe(Code.FailedPrecondition);
    const list = await f.grpc.listTaskExecutions({ nodeExecutionId: nodeId, limit: 10 });
    expect(list.taskExecutions.map((t) => TaskPhase[t.closure?.phase ?? 0])).toEqual(["SUCCEEDED"]);
    const noTask = await errorOf(f.grpc.createTaskEvent({ event: { parentNodeExecutionId: nodeId } }));
    expect(noTask.code).toBe(Code.InvalidArgument);
    expect(noTask.rawMessage).toContain("event.task_id");
    expect(f.internalErrors).toEqual([]);
  });

  it("the engine's sink rejects a late event the same way (in-process path, no network)", async () => {
    await queuedExecution(f, "ev-sink");
    const event = (phase: Phase) => ({
      kind: "workflow" as const,
      event: create(WorkflowExecutionEventSchema, { executionId: exec("ev-sink"), phase }),
    });
    await f.services.sink.send(event(Phase.RUNNING));
    // A duplicate is success for the engine.
    await f.services.sink.send(event(Phase.RUNNING));
    await f.services.sink.send(event(Phase.ABORTED));
    await expect(f.services.sink.send(event(Phase.RUNNING))).rejects.toMatchObject({
      code: "AlreadyInTerminalState",
    });
  });
});
