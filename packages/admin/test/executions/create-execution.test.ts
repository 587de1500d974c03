import { Code } from "@connectrpc/connect";
import { literals, literalMap } from "@flyte-ts/idl";
import { ResourceType } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import {
  NodeExecution_Phase as NodePhase,
  TaskExecution_Phase as TaskPhase,
  WorkflowExecution_Phase as Phase,
} from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorOf } from "../registration/rpc-errors.js";
import { PD, registerFixtures, startExecutionFixture, type ExecutionFixture } from "./execution-fixture.js";
import { waitForExecution } from "./wait-for.js";

const lp = (name: string) => ({ resourceType: ResourceType.LAUNCH_PLAN, ...PD, name, version: "v1" });
const WF = "test.executions.fixtures.tasks";

describe("CreateExecution runs the launch plan's workflow on the engine", { timeout: 90_000 }, () => {
  let f: ExecutionFixture;
  beforeAll(async () => {
    f = await startExecutionFixture();
    await registerFixtures(f.connect, "v1");
  });
  afterAll(async () => f.close());

  it("merges defaults with the user's inputs, runs, and returns outputs inline", async () => {
    const { id } = await f.grpc.createExecution({
      ...PD,
      name: "sum-one",
      spec: { launchPlan: lp("sum_default_b") },
      inputs: literalMap({ a: literals.integer(3) }),
    });
    expect(id?.name).toBe("sum-one");
    const done = await waitForExecution(f.grpc, { ...PD, name: "sum-one" });
    expect(Phase[done.closure?.phase ?? 0]).toBe("SUCCEEDED");
    expect(done.closure?.startedAt).toBeDefined();
    expect(done.closure?.duration).toBeDefined();
    expect(done.closure?.workflowId?.name).toBe(`${WF}.sum`);
    const data = await f.grpc.getExecutionData({ id: { ...PD, name: "sum-one" } });
    expect(data.fullInputs?.literals.a).toEqual(literals.integer(3));
    expect(data.fullInputs?.literals.b).toEqual(literals.integer(2));
    expect(data.fullOutputs?.literals.o0).toEqual(literals.integer(7));
    expect(f.internalErrors).toEqual([]);
    // Every engine event went through admin's validation and was accepted.
    expect(f.engineErrors).toEqual([]);
  });

  it("materializes node and task executions from the engine's events", async () => {
    const exec = { ...PD, name: "sum-one" };
    const nodes = await f.grpc.listNodeExecutions({ workflowExecutionId: exec, limit: 100 });
    const taskNodes = nodes.nodeExecutions.filter((n) => n.metadata?.specNodeId.startsWith("n"));
    expect(taskNodes.map((n) => n.metadata?.specNodeId).sort()).toEqual(["n0", "n1"]);
    for (const n of taskNodes) expect(NodePhase[n.closure?.phase ?? 0]).toBe("SUCCEEDED");
    const n1 = await f.grpc.getNodeExecutionData({ id: { executionId: exec, nodeId: "n1" } });
    expect(n1.fullInputs?.literals.a).toEqual(literals.integer(5));
    expect(n1.fullOutputs?.literals.o0).toEqual(literals.integer(7));
    const attempts = await f.grpc.listTaskExecutions({
      nodeExecutionId: { executionId: exec, nodeId: "n0" },
      limit: 10,
    });
    expect(attempts.taskExecutions).toHaveLength(1);
    const attempt = attempts.taskExecutions[0];
    expect(TaskPhase[attempt?.closure?.phase ?? 0]).toBe("SUCCEEDED");
    expect(attempt?.closure?.logs.length).toBeGreaterThan(0);
    const one = await f.grpc.getTaskExecution({ id: attempt?.id });
    expect(one.id?.retryAttempt).toBe(0);
    const taskData = await f.grpc.getTaskExecutionData({ id: attempt?.id });
    expect(taskData.fullOutputs?.literals.o0).toEqual(literals.integer(5));
    const metrics = await f.grpc.getExecutionMetrics({ id: exec });
    expect(metrics.span?.id.case).toBe("workflowId");
    const nodeSpans = metrics.span?.spans ?? [];
    const n0Span = nodeSpans.find((sp) => sp.id.case === "nodeId" && sp.id.value.nodeId === "n0");
    expect(n0Span?.spans.map((sp) => sp.id.case)).toEqual(["taskId"]);
    const shallow = await f.grpc.getExecutionMetrics({ id: exec, depth: 1 });
    expect(shallow.span?.spans).toEqual([]);
  });

  it("fixed inputs are added and cannot be overridden", async () => {
    await f.grpc.createExecution({
      ...PD,
      name: "sum-fixed",
      spec: { launchPlan: lp("sum_fixed_b") },
      inputs: literalMap({ a: literals.integer(1) }),
    });
    const data = await f.grpc.getExecutionData({ id: { ...PD, name: "sum-fixed" } });
    expect(data.fullInputs?.literals.b).toEqual(literals.integer(10));
    await waitForExecution(f.grpc, { ...PD, name: "sum-fixed" });
    const out = await f.grpc.getExecutionData({ id: { ...PD, name: "sum-fixed" } });
    expect(out.fullOutputs?.literals.o0).toEqual(literals.integer(21));
    // Settings the execution leaves unset come from the launch plan.
    const fixedRun = await f.grpc.getExecution({ id: { ...PD, name: "sum-fixed" } });
    expect(fixedRun.spec?.labels?.values).toEqual({ team: "math" });
    const err = await errorOf(
      f.grpc.createExecution({
        ...PD,
        spec: { launchPlan: lp("sum_fixed_b") },
        inputs: literalMap({ a: literals.integer(1), b: literals.integer(3) }),
      }),
    );
    expect(err.code).toBe(Code.InvalidArgument);
    expect(err.rawMessage).toContain("invalid input b");
  });

  it("rejects bad inputs with INVALID_ARGUMENT naming the input, and stores nothing", async () => {
    const wrongType = await errorOf(
      f.grpc.createExecution({
        ...PD,
        name: "bad-type",
        spec: { launchPlan: lp("sum_default_b") },
        inputs: literalMap({ a: literals.string("three") }),
      }),
    );
    expect(wrongType.code).toBe(Code.InvalidArgument);
    expect(wrongType.rawMessage).toMatch(/invalid input a: expected .*int.*, got .*str/i);
    const missing = await errorOf(f.grpc.createExecution({ ...PD, spec: { launchPlan: lp("sum_default_b") } }));
    expect(missing.code).toBe(Code.InvalidArgument);
    expect(missing.rawMessage).toContain("invalid input a: it is required");
    const unknown = await errorOf(
      f.grpc.createExecution({
        ...PD,
        spec: { launchPlan: lp("sum_default_b") },
        inputs: literalMap({ a: literals.integer(1), zzz: literals.integer(1) }),
      }),
    );
    expect(unknown.rawMessage).toContain("invalid input zzz");
    expect((await errorOf(f.grpc.getExecution({ id: { ...PD, name: "bad-type" } }))).code).toBe(Code.NotFound);
  });

  it("rejects malformed requests: missing spec, bad name, unknown launch plan, duplicate name", async () => {
    const noSpec = await errorOf(f.grpc.createExecution({ ...PD }));
    expect(noSpec.code).toBe(Code.InvalidArgument);
    expect(noSpec.rawMessage).toContain("spec");
    const badName = await errorOf(
      f.grpc.createExecution({ ...PD, name: "Not_OK", spec: { launchPlan: lp("sum_default_b") } }),
    );
    expect(badName.code).toBe(Code.InvalidArgument);
    expect(badName.rawMessage).toContain("name");
    const wrongType = await errorOf(
      f.grpc.createExecution({
        ...PD,
        spec: { launchPlan: { ...lp("sum_default_b"), resourceType: ResourceType.WORKFLOW } },
      }),
    );
    expect(wrongType.rawMessage).toContain("spec.launch_plan.resource_type");
    const unknown = await errorOf(f.grpc.createExecution({ ...PD, spec: { launchPlan: lp("nope") } }));
    expect(unknown.code).toBe(Code.NotFound);
    const dup = await errorOf(
      f.grpc.createExecution({
        ...PD,
        name: "sum-one",
        spec: { launchPlan: lp("sum_default_b") },
        inputs: literalMap({ a: literals.integer(3) }),
      }),
    );
    expect(dup.code).toBe(Code.AlreadyExists);
    const badProject = await errorOf(
      f.grpc.createExecution({ project: "nope", domain: "development", spec: { launchPlan: lp("sum_default_b") } }),
    );
    expect(badProject.code).toBe(Code.InvalidArgument);
    expect(f.internalErrors).toEqual([]);
  });

  it("a dynamic node: its children are listed under it and its generated workflow is served", async () => {
    const id = { ...PD, name: "dyn-one" };
    await f.grpc.createExecution({
      ...PD,
      name: id.name,
      spec: { launchPlan: lp(`${WF}.viaDynamic`) },
      inputs: literalMap({ x: literals.integer(21) }),
    });
    const done = await waitForExecution(f.grpc, id);
    expect(Phase[done.closure?.phase ?? 0]).toBe("SUCCEEDED");
    const out = await f.grpc.getExecutionData({ id });
    expect(out.fullOutputs?.literals.o0).toEqual(literals.integer(42));
    const n0 = await f.grpc.getNodeExecution({ id: { executionId: id, nodeId: "n0" } });
    expect(n0.metadata?.isDynamic).toBe(true);
    expect(n0.metadata?.isParentNode).toBe(true);
    const children = await f.grpc.listNodeExecutions({ workflowExecutionId: id, uniqueParentId: "n0", limit: 100 });
    expect(children.nodeExecutions.length).toBeGreaterThan(0);
    const top = await f.grpc.listNodeExecutions({ workflowExecutionId: id, limit: 100 });
    expect(top.nodeExecutions.map((n) => n.id?.nodeId)).not.toContain(children.nodeExecutions[0]?.id?.nodeId);
    const wf = await f.grpc.getDynamicNodeWorkflow({ id: { executionId: id, nodeId: "n0" } });
    expect(wf.compiledWorkflow?.primary?.template?.nodes.length).toBeGreaterThan(0);
    const data = await f.grpc.getNodeExecutionData({ id: { executionId: id, nodeId: "n0" } });
    expect(data.dynamicWorkflow?.compiledWorkflow).toBeDefined();
    const [attempt] = (await f.grpc.listTaskExecutions({ nodeExecutionId: { executionId: id, nodeId: "n0" } }))
      .taskExecutions;
    const forTask = await f.grpc.listNodeExecutionsForTask({ taskExecutionId: attempt?.id, limit: 100 });
    expect(forTask.nodeExecutions.map((n) => n.id?.nodeId)).toEqual(children.nodeExecutions.map((n) => n.id?.nodeId));
    expect(f.engineErrors).toEqual([]);
  });

  it("a task runs on its own: CreateExecution of a TASK generates the .flytegen workflow and launch plan", async () => {
    const task = { resourceType: ResourceType.TASK, ...PD, name: `${WF}.add`, version: "v1" };
    for (const name of ["task-one", "task-two"]) {
      await f.grpc.createExecution({
        ...PD,
        name,
        spec: { launchPlan: task },
        inputs: literalMap({ a: literals.integer(2), b: literals.integer(3) }),
      });
      const done = await waitForExecution(f.grpc, { ...PD, name });
      expect(Phase[done.closure?.phase ?? 0]).toBe("SUCCEEDED");
      expect(done.spec?.launchPlan?.name).toBe(`.flytegen.${WF}.add`);
      const out = await f.grpc.getExecutionData({ id: { ...PD, name } });
      expect(out.fullOutputs?.literals.o0).toEqual(literals.integer(5));
    }
    const byTask = await f.grpc.listExecutions({ id: PD, filters: `eq(task.name,${WF}.add)`, limit: 10 });
    expect(byTask.executions.map((e) => e.id?.name).sort()).toEqual(["task-one", "task-two"]);
    const missing = await errorOf(
      f.grpc.createExecution({ ...PD, spec: { launchPlan: { ...task, name: "no.such.task" } } }),
    );
    expect(missing.code).toBe(Code.NotFound);
    const badInput = await errorOf(
      f.grpc.createExecution({ ...PD, spec: { launchPlan: task }, inputs: literalMap({ a: literals.integer(2) }) }),
    );
    expect(badInput.rawMessage).toContain("invalid input b");
  });

  it("30 concurrent executions: every event is accepted and every execution succeeds", async () => {
    const names = Array.from({ length: 30 }, (_, i) => `many-${i}`);
    await Promise.all(
      names.map((name, i) =>
        f.grpc.createExecution({
          ...PD,
          name,
          spec: { launchPlan: lp("sum_default_b") },
          inputs: literalMap({ a: literals.integer(i) }),
        }),
      ),
    );
    const done = await Promise.all(names.map((name) => waitForExecution(f.grpc, { ...PD, name }, undefined, 60_000)));
    expect(done.map((e) => Phase[e.closure?.phase ?? 0])).toEqual(names.map(() => "SUCCEEDED"));
    const out = await f.grpc.getExecutionData({ id: { ...PD, name: "many-29" } });
    expect(out.fullOutputs?.literals.o0).toEqual(literals.integer(33));
    expect(f.engineErrors).toEqual([]);
  });

  it("map tasks, branches and sub-workflows report through admin without a rejected event", async () => {
    const runs: [string, string, ReturnType<typeof literalMap>, number | number[]][] = [
      [
        "map-one",
        `${WF}.addOneEach`,
        literalMap({ xs: literals.collection([1, 2, 3].map((n) => literals.integer(n))) }),
        [2, 3, 4],
      ],
      ["branch-big", `${WF}.branchy`, literalMap({ a: literals.integer(20) }), 220],
      ["branch-small", `${WF}.branchy`, literalMap({ a: literals.integer(2) }), 3],
    ];
    for (const [name, wf, inputs, expected] of runs) {
      await f.grpc.createExecution({ ...PD, name, spec: { launchPlan: lp(wf) }, inputs });
      const done = await waitForExecution(f.grpc, { ...PD, name });
      expect(`${name} ${Phase[done.closure?.phase ?? 0]}`).toBe(`${name} SUCCEEDED`);
      const out = await f.grpc.getExecutionData({ id: { ...PD, name } });
      const want = Array.isArray(expected)
        ? literals.collection(expected.map((n) => literals.integer(n)))
        : literals.integer(expected);
      expect(out.fullOutputs?.literals.o0).toEqual(want);
      const top = await f.grpc.listNodeExecutions({ workflowExecutionId: { ...PD, name }, limit: 100 });
      for (const n of top.nodeExecutions) expect(n.closure?.phase, `${name}/${n.id?.nodeId}`).not.toBe(undefined);
    }
    const branch = await f.grpc.listNodeExecutions({
      workflowExecutionId: { ...PD, name: "branch-big" },
      uniqueParentId: "n0",
      limit: 100,
    });
    expect(branch.nodeExecutions.length).toBeGreaterThan(0);
    expect(f.engineErrors).toEqual([]);
  });

  it("a failing task fails the execution with the user error", async () => {
    await f.grpc.createExecution({
      ...PD,
      name: "fails-one",
      spec: { launchPlan: lp(`${WF}.fails`) },
      inputs: literalMap({ x: literals.integer(1) }),
    });
    const done = await waitForExecution(f.grpc, { ...PD, name: "fails-one" });
    expect(Phase[done.closure?.phase ?? 0]).toBe("FAILED");
    expect(done.closure?.outputResult.case).toBe("error");
    const failed = await f.grpc.listExecutions({ id: PD, filters: "eq(phase,FAILED)", limit: 10 });
    expect(failed.executions.map((e) => e.id?.name)).toEqual(["fails-one"]);
    const userErrors = await f.grpc.listExecutions({ id: PD, filters: "eq(error_kind,USER)", limit: 10 });
    expect(userErrors.executions.map((e) => e.id?.name)).toEqual(["fails-one"]);
  });
});
