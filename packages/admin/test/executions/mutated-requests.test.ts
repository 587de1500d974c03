import { create, toBinary, type DescMessage, type MessageInitShape } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import {
  NodeExecutionEventRequestSchema,
  TaskExecutionEventRequestSchema,
  WorkflowExecutionEventRequestSchema,
} from "@flyte-ts/idl/gen/flyteidl/admin/event_pb";
import {
  ExecutionCreateRequestSchema,
  ExecutionRecoverRequestSchema,
  ExecutionRelaunchRequestSchema,
} from "@flyte-ts/idl/gen/flyteidl/admin/execution_pb";
import { literals, literalMap } from "@flyte-ts/idl";
import { ResourceType } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import {
  NodeExecution_Phase as NodePhase,
  TaskExecution_Phase as TaskPhase,
  WorkflowExecution_Phase as Phase,
} from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mutate, rng } from "../support/mutation.js";
import { createRepositories } from "../../src/persistence/repositories.js";
import { PD, registerFixtures, startExecutionFixture, type ExecutionFixture } from "./execution-fixture.js";
import { waitForExecution } from "./wait-for.js";

const bin = <D extends DescMessage>(schema: D, init: MessageInitShape<D>) => toBinary(schema, create(schema, init));
const exec = { ...PD, name: "seed" };
/** Events go to a row nobody runs, so mutated ones can apply, conflict or be rejected. */
const live = { ...PD, name: "live" };
const task = { resourceType: ResourceType.TASK, ...PD, name: "t", version: "v1" };
const now = timestampFromMs(Date.now());

/** Valid requests for every POST route of executions and events; cheap ones weigh more. */
const REQUESTS: { path: string; weight: number; bytes: Uint8Array }[] = [
  {
    path: "/api/v1/executions",
    weight: 1,
    bytes: bin(ExecutionCreateRequestSchema, {
      ...PD,
      name: "mutant",
      spec: { launchPlan: { resourceType: ResourceType.LAUNCH_PLAN, ...PD, name: "sum_default_b", version: "v1" } },
      inputs: literalMap({ a: literals.integer(1) }),
    }),
  },
  {
    path: "/api/v1/executions/relaunch",
    weight: 1,
    bytes: bin(ExecutionRelaunchRequestSchema, { id: exec, name: "r" }),
  },
  { path: "/api/v1/executions/recover", weight: 1, bytes: bin(ExecutionRecoverRequestSchema, { id: exec, name: "c" }) },
  {
    path: "/api/v1/events/workflows",
    weight: 4,
    bytes: bin(WorkflowExecutionEventRequestSchema, {
      event: { executionId: live, phase: Phase.RUNNING, producerId: "p", occurredAt: now },
    }),
  },
  {
    path: "/api/v1/events/nodes",
    weight: 4,
    bytes: bin(NodeExecutionEventRequestSchema, {
      event: {
        id: { executionId: live, nodeId: "n0" },
        phase: NodePhase.RUNNING,
        producerId: "p",
        occurredAt: now,
        inputValue: { case: "inputUri", value: "file:///in.pb" },
        parentNodeMetadata: { nodeId: "p0" },
      },
    }),
  },
  {
    path: "/api/v1/events/tasks",
    weight: 4,
    bytes: bin(TaskExecutionEventRequestSchema, {
      event: {
        taskId: task,
        parentNodeExecutionId: { executionId: live, nodeId: "n0" },
        phase: TaskPhase.RUNNING,
        phaseVersion: 1,
        producerId: "p",
        logs: [{ name: "l", uri: "file:///l" }],
        reasons: [{ reason: "r", occurredAt: now }],
      },
    }),
  },
];

describe("mutated execution and event requests (binary protobuf over REST) never cause internal errors", () => {
  let f: ExecutionFixture;
  beforeAll(async () => {
    f = await startExecutionFixture();
    await registerFixtures(f.connect, "v1");
    await f.grpc.createExecution({
      ...PD,
      name: "seed",
      spec: { launchPlan: { resourceType: ResourceType.LAUNCH_PLAN, ...PD, name: "sum_default_b", version: "v1" } },
      inputs: literalMap({ a: literals.integer(1) }),
    });
    await waitForExecution(f.grpc, exec);
    const seed = await createRepositories(f.database.db).executions.get(exec);
    await createRepositories(f.database.db).executions.create({ ...seed, id: live, phase: "QUEUED", cluster: "" });
  });
  afterAll(async () => f.close());

  it("answers 400 mutated requests with client errors or success, and stays consistent", async () => {
    const next = rng(20261202);
    const pool = REQUESTS.flatMap((r) => Array.from({ length: r.weight }, () => r));
    const statuses = new Map<number, number>();
    for (let i = 0; i < 400; i++) {
      const r = pool[Math.floor(next() * pool.length)]!;
      const res = await fetch(`${f.server.url}${r.path}`, {
        method: "POST",
        headers: { "content-type": "application/octet-stream", accept: "application/json" },
        body: mutate(r.bytes, next),
      });
      await res.arrayBuffer();
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    }
    expect(
      [...statuses.keys()].every((s) => s < 500),
      JSON.stringify([...statuses]),
    ).toBe(true);
    expect(statuses.get(200) ?? 0, JSON.stringify([...statuses])).toBeGreaterThan(5);
    expect(f.internalErrors).toEqual([]);
    expect((await fetch(`${f.server.url}/healthz`)).status).toBe(200);
    // The seed execution is intact: still SUCCEEDED with its outputs; every listed row decodes.
    const seed = await f.grpc.getExecution({ id: exec });
    expect(Phase[seed.closure?.phase ?? 0]).toBe("SUCCEEDED");
    const data = await f.grpc.getExecutionData({ id: exec });
    expect(data.fullOutputs?.literals.o0).toEqual(literals.integer(5));
    const all = await f.grpc.listExecutions({ id: PD, limit: 1000, filters: "ne(name,x)" });
    expect(all.executions.length).toBeGreaterThan(0);
    const nodes = await f.grpc.listNodeExecutions({ workflowExecutionId: exec, limit: 1000 });
    expect(nodes.nodeExecutions.length).toBeGreaterThan(0);
  });
});
