import { ExecutionState } from "@flyte-ts/idl/gen/flyteidl/admin/execution_pb";
import { LaunchPlanState } from "@flyte-ts/idl/gen/flyteidl/admin/launch_plan_pb";
import type { EntityId, NamedId } from "../../../src/persistence/repositories/common.js";
import type { ExecutionModel } from "../../../src/persistence/repositories/execution-rows.js";
import type { LaunchPlanModel } from "../../../src/persistence/repositories/launch-plan-repository.js";
import type { NodeExecutionModel } from "../../../src/persistence/repositories/node-execution-repository.js";
import type { TaskExecutionModel } from "../../../src/persistence/repositories/task-execution-repository.js";
import type { TaskModel } from "../../../src/persistence/repositories/task-repository.js";
import type { WorkflowModel } from "../../../src/persistence/repositories/workflow-repository.js";

/** Epoch ms well past 2^31, so a 32-bit column or a string-typed BIGINT would show. */
export const T0 = 1_700_000_000_000;

/** Bytes that include 0x00 and 0xff, so text/bytes confusion in a driver would show. */
export function bytes(...values: number[]): Uint8Array {
  return new Uint8Array(values.length > 0 ? values : [0, 1, 2, 255]);
}

export const id = (name: string, version = "v1", project = "flytesnacks", domain = "development"): EntityId => ({
  project,
  domain,
  name,
  version,
});

export const execId = (name: string, project = "flytesnacks", domain = "development"): NamedId => ({
  project,
  domain,
  name,
});

export function task(over: Partial<TaskModel> = {}): TaskModel {
  return {
    id: id("core.basic.say_hello"),
    taskType: "python-task",
    shortDescription: "says hello",
    closure: bytes(),
    digest: "digest-1",
    createdAt: T0,
    ...over,
  };
}

export function workflow(over: Partial<WorkflowModel> = {}): WorkflowModel {
  return {
    id: id("core.basic.wf"),
    shortDescription: "a workflow",
    closure: bytes(9, 0, 9),
    digest: "digest-1",
    createdAt: T0,
    ...over,
  };
}

export function launchPlan(over: Partial<LaunchPlanModel> = {}): LaunchPlanModel {
  return {
    id: id("core.basic.wf"),
    workflowId: id("core.basic.wf"),
    spec: bytes(1),
    closure: bytes(2),
    state: LaunchPlanState.INACTIVE,
    scheduleType: "",
    scheduleExpression: "",
    kickoffTimeInputArg: "",
    digest: "digest-1",
    createdAt: T0,
    updatedAt: T0,
    ...over,
  };
}

export function execution(over: Partial<ExecutionModel> = {}): ExecutionModel {
  return {
    id: execId("a1"),
    phase: "UNDEFINED",
    launchPlanId: id("core.basic.wf"),
    workflowId: id("core.basic.wf"),
    taskName: "",
    mode: 0,
    principal: "alice",
    parentNodeExecution: null,
    referenceExecution: null,
    cluster: "",
    startedAt: null,
    durationMs: null,
    createdAt: T0,
    updatedAt: T0,
    state: ExecutionState.EXECUTION_ACTIVE,
    spec: bytes(3),
    closure: bytes(4),
    errorKind: "",
    errorCode: "",
    inputsUri: "file:///data/a1/inputs.pb",
    userInputsUri: "file:///data/a1/user_inputs.pb",
    tags: [],
    ...over,
  };
}

export function nodeExecution(over: Partial<NodeExecutionModel> = {}): NodeExecutionModel {
  return {
    id: { executionId: execId("a1"), nodeId: "n0" },
    parentNodeId: null,
    specNodeId: "n0",
    retryGroup: "0",
    phase: "QUEUED",
    isParent: false,
    isDynamic: false,
    isArray: false,
    inputUri: "file:///data/a1/n0/inputs.pb",
    closure: bytes(5),
    errorKind: "",
    errorCode: "",
    startedAt: null,
    durationMs: null,
    createdAt: T0,
    updatedAt: T0,
    ...over,
  };
}

export function taskExecution(over: Partial<TaskExecutionModel> = {}): TaskExecutionModel {
  return {
    id: {
      nodeExecutionId: { executionId: execId("a1"), nodeId: "n0" },
      taskId: id("core.basic.say_hello"),
      retryAttempt: 0,
    },
    phase: "QUEUED",
    phaseVersion: 0,
    isParent: false,
    inputUri: "file:///data/a1/n0/inputs.pb",
    closure: bytes(6),
    startedAt: null,
    durationMs: null,
    createdAt: T0,
    updatedAt: T0,
    ...over,
  };
}

/** Asserts `promise` rejects with a FlyteError of `code` (and returns it for more checks). */
export async function rejectsWithCode(promise: Promise<unknown>, code: string): Promise<Error & { code: string }> {
  try {
    await promise;
  } catch (e) {
    const err = e as Error & { code?: unknown };
    if (err.code !== code) {
      throw new Error(`expected error code ${code}, got ${String(err.code)}: ${err.message}`, { cause: e });
    }
    return err as Error & { code: string };
  }
  throw new Error(`expected a rejection with code ${code}, but it resolved`);
}
