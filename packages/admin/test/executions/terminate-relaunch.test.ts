import { Code } from "@connectrpc/connect";
import { literals, literalMap } from "@flyte-ts/idl";
import { ExecutionMetadata_ExecutionMode, type ExecutionState } from "@flyte-ts/idl/gen/flyteidl/admin/execution_pb";
import { ResourceType } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import {
  NodeExecution_Phase as NodePhase,
  WorkflowExecution_Phase as Phase,
} from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorOf } from "../registration/rpc-errors.js";
import { PD, registerFixtures, startExecutionFixture, type ExecutionFixture } from "./execution-fixture.js";
import { waitForExecution } from "./wait-for.js";

const lp = (name: string) => ({ resourceType: ResourceType.LAUNCH_PLAN, ...PD, name, version: "v1" });
const WF = "test.executions.fixtures.tasks";

describe("terminate, relaunch and recover", { timeout: 90_000 }, () => {
  let f: ExecutionFixture;
  beforeAll(async () => {
    f = await startExecutionFixture();
    await registerFixtures(f.connect, "v1");
  });
  afterAll(async () => f.close());

  it("TerminateExecution reaches the running tasks: every started node ends ABORTED, then the execution", async () => {
    const id = { ...PD, name: "slow-one" };
    await f.grpc.createExecution({
      ...PD,
      name: id.name,
      spec: { launchPlan: lp(`${WF}.slow`) },
      inputs: literalMap({ ms: literals.integer(60_000) }),
    });
    await waitForExecution(f.grpc, id, (e) => e.closure?.phase === Phase.RUNNING);
    // Wait until both sleeping tasks are running in workers.
    const deadline = Date.now() + 10_000;
    for (;;) {
      const nodes = await f.grpc.listNodeExecutions({ workflowExecutionId: id, limit: 100 });
      const running = nodes.nodeExecutions.filter((n) => n.closure?.phase === NodePhase.RUNNING);
      if (running.length >= 2) break;
      if (Date.now() > deadline) throw new Error("the sleeping tasks never ran");
      await new Promise((r) => setTimeout(r, 25));
    }
    const t0 = Date.now();
    await f.grpc.terminateExecution({ id, cause: "enough" });
    const aborting = await f.grpc.getExecution({ id });
    expect([Phase.ABORTING, Phase.ABORTED]).toContain(aborting.closure?.phase);
    const done = await waitForExecution(f.grpc, id);
    expect(Phase[done.closure?.phase ?? 0]).toBe("ABORTED");
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(done.closure?.outputResult).toMatchObject({ case: "abortMetadata", value: { cause: "enough" } });
    const nodes = await f.grpc.listNodeExecutions({ workflowExecutionId: id, limit: 100 });
    const sleepers = nodes.nodeExecutions.filter(
      (n) => n.metadata?.specNodeId === "n0" || n.metadata?.specNodeId === "n1",
    );
    expect(sleepers).toHaveLength(2);
    for (const n of sleepers) expect(NodePhase[n.closure?.phase ?? 0]).toBe("ABORTED");
    const again = await errorOf(f.grpc.terminateExecution({ id, cause: "again" }));
    expect(again.code).toBe(Code.FailedPrecondition);
    expect(again.rawMessage).toContain("already ABORTED");
  });

  it("RelaunchExecution reuses the user inputs under a new name (mode RELAUNCH, reference execution)", async () => {
    const first = { ...PD, name: "sum-first" };
    await f.grpc.createExecution({
      ...PD,
      name: first.name,
      spec: { launchPlan: lp("sum_default_b") },
      inputs: literalMap({ a: literals.integer(4) }),
    });
    await waitForExecution(f.grpc, first);
    const { id } = await f.grpc.relaunchExecution({ id: first, name: "sum-again" });
    expect(id?.name).toBe("sum-again");
    const done = await waitForExecution(f.grpc, { ...PD, name: "sum-again" });
    expect(Phase[done.closure?.phase ?? 0]).toBe("SUCCEEDED");
    expect(done.spec?.metadata?.mode).toBe(ExecutionMetadata_ExecutionMode.RELAUNCH);
    expect(done.spec?.metadata?.referenceExecution?.name).toBe("sum-first");
    const data = await f.grpc.getExecutionData({ id: { ...PD, name: "sum-again" } });
    expect(data.fullOutputs?.literals.o0).toEqual(literals.integer(8));
    const relaunched = await f.grpc.listExecutions({ id: PD, filters: "eq(mode,RELAUNCH)", limit: 10 });
    expect(relaunched.executions.map((e) => e.id?.name)).toEqual(["sum-again"]);
    const generated = await f.grpc.relaunchExecution({ id: first });
    expect(generated.id?.name).toMatch(/^[a-z][a-z0-9]{19}$/);
    expect((await errorOf(f.grpc.relaunchExecution({ id: { ...PD, name: "nope" } }))).code).toBe(Code.NotFound);
  });

  it("RecoverExecution copies the earlier execution's succeeded nodes (mode RECOVERED)", async () => {
    const { id } = await f.grpc.recoverExecution({ id: { ...PD, name: "sum-first" }, name: "sum-recovered" });
    const done = await waitForExecution(f.grpc, { ...PD, name: id?.name ?? "" });
    expect(Phase[done.closure?.phase ?? 0]).toBe("SUCCEEDED");
    expect(done.spec?.metadata?.mode).toBe(ExecutionMetadata_ExecutionMode.RECOVERED);
    const data = await f.grpc.getExecutionData({ id: { ...PD, name: "sum-recovered" } });
    expect(data.fullOutputs?.literals.o0).toEqual(literals.integer(8));
    const nodes = await f.grpc.listNodeExecutions({
      workflowExecutionId: { ...PD, name: "sum-recovered" },
      limit: 100,
    });
    const n0 = nodes.nodeExecutions.find((n) => n.metadata?.specNodeId === "n0");
    expect(NodePhase[n0?.closure?.phase ?? 0]).toBe("RECOVERED");
  });

  it("recovering a failed execution copies its succeeded node and re-runs only the failed one", async () => {
    const id = { ...PD, name: "half-fails" };
    await f.grpc.createExecution({
      ...PD,
      name: id.name,
      spec: { launchPlan: lp(`${WF}.halfFails`) },
      inputs: literalMap({ x: literals.integer(1) }),
    });
    expect(Phase[(await waitForExecution(f.grpc, id)).closure?.phase ?? 0]).toBe("FAILED");
    await f.grpc.recoverExecution({ id, name: "half-recovered" });
    const done = await waitForExecution(f.grpc, { ...PD, name: "half-recovered" });
    expect(Phase[done.closure?.phase ?? 0]).toBe("FAILED");
    const nodes = await f.grpc.listNodeExecutions({
      workflowExecutionId: { ...PD, name: "half-recovered" },
      limit: 100,
    });
    const phaseOf = (spec: string) =>
      NodePhase[nodes.nodeExecutions.find((n) => n.metadata?.specNodeId === spec)?.closure?.phase ?? 0];
    expect(phaseOf("n0")).toBe("RECOVERED");
    expect(phaseOf("n1")).toBe("FAILED");
    const attempts = await f.grpc.listTaskExecutions({
      nodeExecutionId: { executionId: { ...PD, name: "half-recovered" }, nodeId: "n1" },
    });
    expect(attempts.taskExecutions.length).toBeGreaterThan(0);
  });

  it("UpdateExecution archives: hidden from ListExecutions unless the filter names the state", async () => {
    const id = { ...PD, name: "sum-first" };
    await f.grpc.updateExecution({ id, state: 1 });
    const active = await f.grpc.listExecutions({ id: PD, limit: 100 });
    expect(active.executions.map((e) => e.id?.name)).not.toContain("sum-first");
    const archived = await f.grpc.listExecutions({ id: PD, filters: "eq(state,1)", limit: 100 });
    expect(archived.executions.map((e) => e.id?.name)).toEqual(["sum-first"]);
    const e = await f.grpc.getExecution({ id });
    expect(e.closure?.stateChangeDetails?.state).toBe(1);
    const bad = await errorOf(f.grpc.updateExecution({ id, state: 7 as ExecutionState }));
    expect(bad.code).toBe(Code.InvalidArgument);
    expect(bad.rawMessage).toContain("state");
  });

  it("ListExecutions pages, sorts and filters as Flyte clients send them", async () => {
    const page1 = await f.grpc.listExecutions({
      id: PD,
      limit: 2,
      sortBy: { key: "created_at", direction: 1 },
      filters: "eq(phase,SUCCEEDED)",
    });
    expect(page1.executions).toHaveLength(2);
    expect(page1.token).toBe("2");
    const page2 = await f.grpc.listExecutions({ id: PD, limit: 2, token: page1.token, filters: "eq(phase,SUCCEEDED)" });
    expect(page2.executions.length).toBeGreaterThan(0);
    const byLp = await f.grpc.listExecutions({ id: PD, filters: `eq(launch_plan.name,${WF}.slow)`, limit: 10 });
    expect(byLp.executions.map((e) => e.id?.name)).toEqual(["slow-one"]);
    const bad = await errorOf(f.grpc.listExecutions({ id: PD, filters: "eq(phase" }));
    expect(bad.code).toBe(Code.InvalidArgument);
    const noScope = await errorOf(f.grpc.listExecutions({}));
    expect(noScope.code).toBe(Code.InvalidArgument);
    expect(f.internalErrors).toEqual([]);
  });
});
