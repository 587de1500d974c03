import type { Client } from "@connectrpc/connect";
import { literals, literalMap } from "@flyte-ts/idl";
import type { LiteralMap } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { ResourceType } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import {
  NodeExecution_Phase as NodePhase,
  TaskExecution_Phase as TaskPhase,
  WorkflowExecution_Phase as Phase,
} from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";
import type { AdminService } from "@flyte-ts/idl/gen/flyteidl/service/admin_pb";
import { buildPackage } from "@flyte-ts/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hydrate } from "../registration/snacks-package.js";
import { PD, startExecutionFixture, type ExecutionFixture } from "./execution-fixture.js";
import * as fixtures from "./fixtures/retry-tasks.js";
import { waitForExecution } from "./wait-for.js";

const WF = "test.executions.fixtures.retry-tasks";
const lp = (name: string) => ({ resourceType: ResourceType.LAUNCH_PLAN, ...PD, name: `${WF}.${name}`, version: "v1" });

async function register(client: Client<typeof AdminService>): Promise<void> {
  const pkg = await buildPackage([{ modulePath: "test/executions/fixtures/retry-tasks.ts", exports: fixtures }]);
  const scope = { ...PD, version: "v1" };
  for (const e of pkg.entries) {
    if (e.kind === "task") {
      const spec = hydrate(e.message, scope);
      await client.createTask({ id: spec.template?.id, spec });
    } else if (e.kind === "workflow") {
      const spec = hydrate(e.message, scope);
      await client.createWorkflow({ id: spec.template?.id, spec });
    } else {
      const m = hydrate(e.message, scope);
      await client.createLaunchPlan({ id: m.id, spec: m.spec });
    }
  }
}

/**
 * A node that retries stays RUNNING (brief §4.3: retries are invisible at node level); only the
 * new attempt's task execution goes QUEUED → RUNNING → …. Admin refuses a node going back to
 * QUEUED, so every event the engine sends on a retry must pass its validation.
 */
describe(
  "retries through admin: the node stays RUNNING, each attempt is its own task execution",
  { timeout: 120_000 },
  () => {
    let f: ExecutionFixture;
    beforeAll(async () => {
      f = await startExecutionFixture();
      await register(f.connect);
    });
    afterAll(async () => f.close());

    const run = async (name: string, workflow: string, inputs: LiteralMap) => {
      f.engineErrors.length = 0;
      await f.grpc.createExecution({ ...PD, name, spec: { launchPlan: lp(workflow) }, inputs });
      const done = await waitForExecution(f.grpc, { ...PD, name }, undefined, 60_000);
      expect(f.engineErrors).toEqual([]);
      expect(f.internalErrors).toEqual([]);
      expect(Phase[done.closure?.phase ?? 0]).toBe("SUCCEEDED");
      return { ...PD, name };
    };
    const attemptsOf = async (exec: { project: string; domain: string; name: string }, nodeId: string) => {
      const list = await f.grpc.listTaskExecutions({ nodeExecutionId: { executionId: exec, nodeId }, limit: 10 });
      return list.taskExecutions
        .map((t) => [t.id?.retryAttempt, TaskPhase[t.closure?.phase ?? 0]] as const)
        .sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0));
    };
    const nodePhase = async (exec: { project: string; domain: string; name: string }, nodeId: string) => {
      const n = await f.grpc.getNodeExecution({ id: { executionId: exec, nodeId } });
      return NodePhase[n.closure?.phase ?? 0];
    };

    /** The one task node that ran under parent `nodeId` (sub-workflow, taken branch case, dynamic sub-DAG). */
    const childTaskNode = async (exec: { project: string; domain: string; name: string }, nodeId: string) => {
      const r = await f.grpc.listNodeExecutions({ workflowExecutionId: exec, uniqueParentId: nodeId, limit: 100 });
      const ids = r.nodeExecutions
        .filter((n) => n.closure?.phase !== NodePhase.SKIPPED)
        .map((n) => n.id?.nodeId ?? "")
        .filter((id) => !/-(start|end)-node$/.test(id));
      expect(ids).toHaveLength(1);
      return ids[0] ?? "";
    };

    it("a task failing recoverably once: no event rejected, node SUCCEEDED, attempts 0 FAILED and 1 SUCCEEDED", async () => {
      const exec = await run("retry-once", "retryOnce", literalMap({ x: literals.integer(4) }));
      const data = await f.grpc.getExecutionData({ id: exec });
      expect(data.fullOutputs?.literals.o0).toEqual(literals.integer(5));
      expect(await nodePhase(exec, "n0")).toBe("SUCCEEDED");
      expect(await attemptsOf(exec, "n0")).toEqual([
        [0, "FAILED"],
        [1, "SUCCEEDED"],
      ]);
    });

    it("the retried task inside a sub-workflow, a branch, a dynamic and a map is accepted too", async () => {
      const x = literalMap({ x: literals.integer(2) });
      const twoAttempts = [
        [0, "FAILED"],
        [1, "SUCCEEDED"],
      ];
      const sub = await run("retry-sub", "retryInSub", x);
      expect(await nodePhase(sub, "n0")).toBe("SUCCEEDED");
      expect(await attemptsOf(sub, await childTaskNode(sub, "n0"))).toEqual(twoAttempts);
      const branch = await run("retry-branch", "retryInBranch", x);
      expect(await nodePhase(branch, "n0")).toBe("SUCCEEDED");
      expect(await attemptsOf(branch, await childTaskNode(branch, "n0"))).toEqual(twoAttempts);
      const dyn = await run("retry-dynamic", "retryInDynamic", x);
      expect(await nodePhase(dyn, "n0")).toBe("SUCCEEDED");
      expect(await attemptsOf(dyn, await childTaskNode(dyn, "n0"))).toEqual(twoAttempts);
      const map = await run(
        "retry-map",
        "retryInMap",
        literalMap({ xs: literals.collection([literals.integer(1), literals.integer(2)]) }),
      );
      const data = await f.grpc.getExecutionData({ id: map });
      expect(data.fullOutputs?.literals.o0).toEqual(literals.collection([literals.integer(2), literals.integer(3)]));
    });

    it("system retries (the worker process died) and retries after an attempt timeout keep the node RUNNING", async () => {
      const x = literalMap({ x: literals.integer(1) });
      for (const [name, wf] of [
        ["retry-crash", "retryAfterCrash"],
        ["retry-timeout", "retryAfterTimeout"],
      ] as const) {
        const exec = await run(name, wf, x);
        const data = await f.grpc.getExecutionData({ id: exec });
        expect(data.fullOutputs?.literals.o0).toEqual(literals.integer(2));
        expect(await nodePhase(exec, "n0")).toBe("SUCCEEDED");
        expect(await attemptsOf(exec, "n0")).toEqual([
          [0, "FAILED"],
          [1, "SUCCEEDED"],
        ]);
      }
    });

    it("a dynamic whose parent attempt fails once retries the parent and then runs its sub-DAG", async () => {
      const exec = await run("retry-dyn-parent", "retryDynamicParent", literalMap({ x: literals.integer(6) }));
      const data = await f.grpc.getExecutionData({ id: exec });
      expect(data.fullOutputs?.literals.o0).toEqual(literals.integer(7));
      expect(await nodePhase(exec, "n0")).toBe("SUCCEEDED");
      expect(await attemptsOf(exec, "n0")).toEqual([
        [0, "FAILED"],
        [1, "SUCCEEDED"],
      ]);
    });
  },
);
