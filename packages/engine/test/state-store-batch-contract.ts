import { describe, expect, it, type TestContext } from "vitest";
import { AlreadyExistsError, NotFoundError } from "@flyte-ts/core";
import type { StateStore, StateWrite, StateWriteResult } from "../src/state/state-store.js";
import { attempt, execId, fullNode, minimalExecution, minimalNode } from "./state-store-fixtures.js";

type Batch = (writes: readonly StateWrite[]) => Promise<StateWriteResult[]>;

/** `writeBatch` is optional: a store without it skips these, saying so. */
function batchOf(store: StateStore, ctx: TestContext): Batch {
  if (!store.writeBatch) ctx.skip("this store does not implement the optional writeBatch");
  return (writes) => (store.writeBatch as Batch).call(store, writes);
}

/** Part of `runStateStoreContract`: the optional all-or-nothing batch of writes. */
export function runWriteBatchContract(current: () => StateStore): void {
  describe("writeBatch", () => {
    it("applies writes in order and returns each one's result by position", async (ctx) => {
      const store = current();
      const batch = batchOf(store, ctx);
      const id = execId("batch");
      const results = await batch([
        { op: "createExecution", record: minimalExecution(id) },
        { op: "putNode", execution: id, record: minimalNode("n1") },
        { op: "putAttempt", execution: id, record: attempt("n1", 0, { phase: "Succeeded" }) },
        { op: "appendEvent", execution: id, kind: "node", payload: new Uint8Array([1]) },
        { op: "putAttempt", execution: id, record: attempt("n1", 0, { phase: "Failed" }) },
        { op: "appendEvent", execution: id, kind: "task", payload: new Uint8Array([2]) },
        { op: "updateExecution", record: minimalExecution(id, { phase: "Running" }) },
        { op: "putNode", execution: id, record: fullNode("n1") },
      ]);
      expect(results).toStrictEqual([undefined, undefined, true, 1, false, 2, undefined, undefined]);
      expect((await store.getExecution(id))?.phase).toBe("Running");
      expect(await store.getNode(id, "n1")).toStrictEqual(fullNode("n1"));
      expect((await store.getAttempts(id, "n1")).map((a) => a.phase)).toStrictEqual(["Succeeded"]);
      expect((await store.listEvents(id)).map((e) => e.seq)).toStrictEqual([1, 2]);
      expect(await store.appendEvent(id, "workflow", new Uint8Array())).toBe(3);
      expect(await batch([])).toStrictEqual([]);
    });

    it("stores nothing when one write fails, and the store stays usable", async (ctx) => {
      const store = current();
      const batch = batchOf(store, ctx);
      const id = execId("atomic");
      await store.createExecution(minimalExecution(id));
      await store.putNode(id, minimalNode("n1"));
      await store.appendEvent(id, "workflow", new Uint8Array([1]));
      const fresh = execId("created-then-rolled-back");
      const changed = minimalExecution(id, { phase: "Running", closure: new Uint8Array([7, 7, 7]) });
      const failing = batch([
        { op: "updateExecution", record: changed },
        { op: "createExecution", record: minimalExecution(fresh) },
        { op: "putNode", execution: fresh, record: minimalNode("x") },
        { op: "putNode", execution: id, record: minimalNode("n1", { phase: "Succeeded" }) },
        { op: "appendEvent", execution: id, kind: "node", payload: new Uint8Array([2]) },
        { op: "putAttempt", execution: id, record: attempt("n1", 0) },
        { op: "putNode", execution: execId("ghost"), record: minimalNode("n1") },
      ]);
      await expect(failing).rejects.toBeInstanceOf(NotFoundError);
      expect(await store.getExecution(fresh)).toBeUndefined();
      expect(await store.getNode(fresh, "x")).toBeUndefined();
      expect(await store.getNode(id, "n1")).toStrictEqual(minimalNode("n1"));
      expect(await store.getAttempts(id, "n1")).toStrictEqual([]);
      expect((await store.listEvents(id)).map((e) => e.seq)).toStrictEqual([1]);
      expect(await store.getExecution(id)).toStrictEqual(minimalExecution(id));
      // The same update (same closure bytes object) applied for real afterwards lands whole.
      await store.updateExecution(changed);
      expect(await store.getExecution(id)).toStrictEqual(changed);
      await expect(store.putNode(fresh, minimalNode("x"))).rejects.toBeInstanceOf(NotFoundError);
      // The rolled-back execution can be created for real afterwards, and writes to it land.
      await store.createExecution(minimalExecution(fresh));
      await store.putNode(fresh, minimalNode("x"));
      expect(await store.getNodes(fresh)).toStrictEqual([minimalNode("x")]);
      expect(await store.appendEvent(id, "node", new Uint8Array([3]))).toBe(2);
    });

    it("rejects a duplicate create inside a batch with AlreadyExists and stores nothing", async (ctx) => {
      const store = current();
      const batch = batchOf(store, ctx);
      const id = execId("dup-in-batch");
      const other = execId("dup-other");
      await expect(
        batch([
          { op: "createExecution", record: minimalExecution(other) },
          { op: "createExecution", record: minimalExecution(id) },
          { op: "createExecution", record: minimalExecution(id, { phase: "Running" }) },
        ]),
      ).rejects.toBeInstanceOf(AlreadyExistsError);
      expect(await store.getExecution(id)).toBeUndefined();
      expect(await store.getExecution(other)).toBeUndefined();
      expect(await store.listActiveExecutions()).toStrictEqual([]);
    });
  });
}
