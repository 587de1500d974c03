import { describe, expect, it } from "vitest";
import { useFreshDatabase, type ContractTarget } from "./context.js";
import { bytes, execId, id, nodeExecution, rejectsWithCode, T0, taskExecution } from "./fixtures.js";

const nodeId = (nodeIdText: string, exec = "a1") => ({ executionId: execId(exec), nodeId: nodeIdText });

export function nodeTaskExecutionsContract(target: ContractTarget): void {
  describe("node executions", () => {
    const ctx = useFreshDatabase(target);

    it("are keyed by (execution, node id): create, get, duplicate, missing", async () => {
      const n = ctx.repos.nodeExecutions;
      const full = nodeExecution({
        isParent: true,
        isDynamic: true,
        isArray: false,
        startedAt: T0 + 1,
        durationMs: 12,
        errorKind: "USER",
        errorCode: "Bad",
        closure: bytes(0, 0, 0),
      });
      await n.create(full);
      expect(await n.get(full.id)).toEqual(full);
      await n.create(nodeExecution({ id: nodeId("n0", "a2") }));
      await rejectsWithCode(n.create(nodeExecution({ phase: "RUNNING" })), "NodeExecutionAlreadyExists");
      await rejectsWithCode(n.get(nodeId("n9")), "NodeExecutionNotFound");
    });

    it("are stored flat with a parent id: top level, children of one node, or all", async () => {
      const n = ctx.repos.nodeExecutions;
      await n.create(nodeExecution({ id: nodeId("n0"), isParent: true, createdAt: T0 }));
      await n.create(nodeExecution({ id: nodeId("n1"), createdAt: T0 + 1 }));
      await n.create(nodeExecution({ id: nodeId("n0-0-n0"), parentNodeId: "n0", createdAt: T0 + 2 }));
      await n.create(nodeExecution({ id: nodeId("n0-0-n1"), parentNodeId: "n0", createdAt: T0 + 3 }));
      await n.create(nodeExecution({ id: nodeId("n0", "a2"), createdAt: T0 }));
      const list = async (parentNodeId?: string | null, filters?: string) =>
        (
          await n.list(
            parentNodeId === undefined ? { executionId: execId("a1") } : { executionId: execId("a1"), parentNodeId },
            filters === undefined ? {} : { filters },
          )
        ).items.map((x) => x.id.nodeId);
      expect(await list(null)).toEqual(["n0", "n1"]);
      expect(await list("n0")).toEqual(["n0-0-n0", "n0-0-n1"]);
      expect(await list()).toEqual(["n0", "n1", "n0-0-n0", "n0-0-n1"]);
      expect(await list(undefined, "eq(is_parent,true)")).toEqual(["n0"]);
      expect(await list(undefined, "eq(is_parent,false)+gte(created_at,1700000000002)")).toEqual([
        "n0-0-n0",
        "n0-0-n1",
      ]);
    });

    it("update materializes phase and timing, compare-and-set on the phase", async () => {
      const n = ctx.repos.nodeExecutions;
      await n.create(nodeExecution());
      expect(await n.update(nodeId("n0"), { phase: "RUNNING", startedAt: T0 + 5, updatedAt: T0 + 5 }, "QUEUED")).toBe(
        true,
      );
      expect(await n.update(nodeId("n0"), { phase: "FAILED" }, "QUEUED")).toBe(false);
      expect(
        await n.update(nodeId("n0"), { phase: "SUCCEEDED", durationMs: 7, isParent: true, updatedAt: T0 + 12 }),
      ).toBe(true);
      expect(await n.get(nodeId("n0"))).toMatchObject({
        phase: "SUCCEEDED",
        startedAt: T0 + 5,
        durationMs: 7,
        isParent: true,
        updatedAt: T0 + 12,
      });
      await rejectsWithCode(n.update(nodeId("ghost"), { phase: "RUNNING" }), "NodeExecutionNotFound");
    });
  });

  describe("task executions", () => {
    const ctx = useFreshDatabase(target);
    const attempt = (retryAttempt: number, version = "v1", node = "n0") => ({
      nodeExecutionId: nodeId(node),
      taskId: id("core.basic.say_hello", version),
      retryAttempt,
    });

    it("are keyed by (node execution, task id, retry attempt)", async () => {
      const t = ctx.repos.taskExecutions;
      const first = taskExecution({ id: attempt(0), phaseVersion: 3, isParent: true, startedAt: T0, durationMs: 2 });
      await t.create(first);
      await t.create(taskExecution({ id: attempt(1) }));
      await t.create(taskExecution({ id: attempt(0, "v2") }));
      await t.create(taskExecution({ id: attempt(0, "v1", "n1") }));
      expect(await t.get(attempt(0))).toEqual(first);
      await rejectsWithCode(t.create(taskExecution({ id: attempt(1) })), "TaskExecutionAlreadyExists");
      await rejectsWithCode(t.get(attempt(2)), "TaskExecutionNotFound");
    });

    it("list returns one node's attempts in retry order, filterable", async () => {
      const t = ctx.repos.taskExecutions;
      for (const r of [2, 0, 1])
        await t.create(taskExecution({ id: attempt(r), phase: r === 2 ? "RUNNING" : "FAILED" }));
      await t.create(taskExecution({ id: attempt(0, "v1", "n1") }));
      const page = await t.list(nodeId("n0"), {});
      expect(page.items.map((x) => x.id.retryAttempt)).toEqual([0, 1, 2]);
      const failed = await t.list(nodeId("n0"), { filters: "eq(phase,FAILED)+gt(retry_attempt,0)" });
      expect(failed.items.map((x) => x.id.retryAttempt)).toEqual([1]);
    });

    it("update is a compare-and-set on (phase, phase version) when asked", async () => {
      const t = ctx.repos.taskExecutions;
      await t.create(taskExecution({ phase: "RUNNING", phaseVersion: 1 }));
      const next = { phase: "RUNNING", phaseVersion: 2, updatedAt: T0 + 2 };
      expect(await t.update(attempt(0), next, { phase: "RUNNING", phaseVersion: 0 })).toBe(false);
      expect(await t.update(attempt(0), next, { phase: "RUNNING", phaseVersion: 1 })).toBe(true);
      expect(await t.update(attempt(0), { phase: "SUCCEEDED" }, { phase: "RUNNING", phaseVersion: 1 })).toBe(false);
      expect(await t.get(attempt(0))).toMatchObject({ phase: "RUNNING", phaseVersion: 2, updatedAt: T0 + 2 });
      expect(await t.update(attempt(0), {}, { phase: "RUNNING", phaseVersion: 2 })).toBe(true);
      await rejectsWithCode(t.update(attempt(9), next, { phase: "RUNNING", phaseVersion: 1 }), "TaskExecutionNotFound");
    });

    it("update replaces phase, phase version and closure; missing is NotFound", async () => {
      const t = ctx.repos.taskExecutions;
      await t.create(taskExecution());
      const closure = bytes(1, 2, 3, 0);
      await t.update(attempt(0), { phase: "RUNNING", phaseVersion: 2, closure, startedAt: T0 + 1, updatedAt: T0 + 1 });
      expect(await t.get(attempt(0))).toMatchObject({ phase: "RUNNING", phaseVersion: 2, closure, startedAt: T0 + 1 });
      await rejectsWithCode(t.update(attempt(5), { phase: "RUNNING" }), "TaskExecutionNotFound");
      await rejectsWithCode(t.update(attempt(5), {}), "TaskExecutionNotFound");
    });
  });
}
