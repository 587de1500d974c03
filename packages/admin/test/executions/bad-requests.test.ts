import { Code } from "@connectrpc/connect";
import { ResourceType } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorOf } from "../registration/rpc-errors.js";
import { PD, startExecutionFixture, type ExecutionFixture } from "./execution-fixture.js";

const exec = { ...PD, name: "nobody" };
const task = { resourceType: ResourceType.TASK, ...PD, name: "t", version: "v1" };

describe("execution, node and task execution RPCs answer bad requests with the status Flyte uses", () => {
  let f: ExecutionFixture;
  beforeAll(async () => {
    f = await startExecutionFixture();
  });
  afterAll(async () => f.close());

  const cases: [string, () => Promise<unknown>, Code, string][] = [
    ["GetExecution without id", () => f.grpc.getExecution({}), Code.InvalidArgument, "id"],
    ["GetExecution without name", () => f.grpc.getExecution({ id: { ...PD } }), Code.InvalidArgument, "id.name"],
    ["GetExecution unknown", () => f.grpc.getExecution({ id: exec }), Code.NotFound, "nobody"],
    ["GetExecutionData unknown", () => f.grpc.getExecutionData({ id: exec }), Code.NotFound, "nobody"],
    ["TerminateExecution unknown", () => f.grpc.terminateExecution({ id: exec }), Code.NotFound, "nobody"],
    ["TerminateExecution without id", () => f.grpc.terminateExecution({}), Code.InvalidArgument, "id"],
    ["RecoverExecution bad name", () => f.grpc.recoverExecution({ id: exec, name: "A" }), Code.InvalidArgument, "name"],
    ["ListExecutions bad limit", () => f.grpc.listExecutions({ id: PD, limit: 1e6 }), Code.InvalidArgument, "limit"],
    [
      "ListExecutions bad sort key",
      () => f.grpc.listExecutions({ id: PD, sortBy: { key: "color" } }),
      Code.InvalidArgument,
      "color",
    ],
    ["ListExecutions bad token", () => f.grpc.listExecutions({ id: PD, token: "abc" }), Code.InvalidArgument, "token"],
    [
      "GetNodeExecution without node id",
      () => f.grpc.getNodeExecution({ id: { executionId: exec } }),
      Code.InvalidArgument,
      "id.node_id",
    ],
    [
      "GetNodeExecution unknown",
      () => f.grpc.getNodeExecution({ id: { executionId: exec, nodeId: "n0" } }),
      Code.NotFound,
      "n0",
    ],
    [
      "ListNodeExecutions without execution",
      () => f.grpc.listNodeExecutions({}),
      Code.InvalidArgument,
      "workflow_execution_id",
    ],
    [
      "ListNodeExecutions bad filter",
      () => f.grpc.listNodeExecutions({ workflowExecutionId: exec, filters: "eq(colour,red)" }),
      Code.InvalidArgument,
      "colour",
    ],
    [
      "GetNodeExecutionData unknown",
      () => f.grpc.getNodeExecutionData({ id: { executionId: exec, nodeId: "n0" } }),
      Code.NotFound,
      "n0",
    ],
    [
      "GetTaskExecution without task id",
      () => f.grpc.getTaskExecution({ id: { nodeExecutionId: { executionId: exec, nodeId: "n0" } } }),
      Code.InvalidArgument,
      "id.task_id",
    ],
    [
      "GetTaskExecution unknown",
      () => f.grpc.getTaskExecution({ id: { taskId: task, nodeExecutionId: { executionId: exec, nodeId: "n0" } } }),
      Code.NotFound,
      "task execution",
    ],
    ["ListTaskExecutions without node", () => f.grpc.listTaskExecutions({}), Code.InvalidArgument, "node_execution_id"],
    [
      "ListNodeExecutionsForTask unknown attempt",
      () =>
        f.grpc.listNodeExecutionsForTask({
          taskExecutionId: { taskId: task, nodeExecutionId: { executionId: exec, nodeId: "n0" } },
        }),
      Code.NotFound,
      "task execution",
    ],
    ["GetTaskExecutionData without anything", () => f.grpc.getTaskExecutionData({}), Code.InvalidArgument, "id"],
  ];

  for (const [name, call, code, mention] of cases) {
    it(name, async () => {
      const err = await errorOf(call());
      expect(Code[err.code]).toBe(Code[code]);
      expect(err.rawMessage).toContain(mention);
    });
  }

  it("reported no internal errors", () => {
    expect(f.internalErrors).toEqual([]);
  });
});
