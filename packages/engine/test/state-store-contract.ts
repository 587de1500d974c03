import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AlreadyExistsError, NotFoundError } from "@flyte-ts/core";
import type { StateStore } from "../src/state/state-store.js";
import {
  allBytes,
  attempt,
  byUniqueId,
  execId,
  fullAttempt,
  fullExecution,
  fullNode,
  minimalExecution,
  minimalNode,
} from "./state-store-fixtures.js";
import { runWriteBatchContract } from "./state-store-batch-contract.js";

/** A store under test, and how to release it. */
export interface ContractStore {
  readonly store: StateStore;
  close(): Promise<void>;
}

/**
 * The one `StateStore` contract: every implementation runs it (`memory-store.test.ts`,
 * `sqlite-store.test.ts`). Records are compared with `toStrictEqual`, so a field that comes back
 * `undefined` instead of absent, or bytes that come back as another type, fail.
 */
export function runStateStoreContract(name: string, open: () => Promise<ContractStore>): void {
  describe(`StateStore contract: ${name}`, () => {
    let opened: ContractStore;
    let store: StateStore;
    beforeEach(async () => {
      opened = await open();
      store = opened.store;
    });
    afterEach(async () => {
      await opened.close();
    });

    describe("executions", () => {
      it("round-trips minimal and fully populated records exactly", async () => {
        const min = minimalExecution(execId("min"));
        const full = fullExecution(execId("full"));
        await store.createExecution(min);
        await store.createExecution(full);
        expect(await store.getExecution(execId("min"))).toStrictEqual(min);
        const got = await store.getExecution(execId("full"));
        expect(got).toStrictEqual(full);
        expect(got?.closure).toBeInstanceOf(Uint8Array);
        expect([...(got?.closure ?? [])]).toStrictEqual([...allBytes()]);
      });

      it("returns undefined for an unknown execution", async () => {
        await store.createExecution(minimalExecution(execId("a")));
        expect(await store.getExecution(execId("b"))).toBeUndefined();
        expect(await store.getExecution(execId("a", "other-project"))).toBeUndefined();
        expect(await store.getExecution(execId("a", "flytesnacks", "production"))).toBeUndefined();
      });

      it("rejects a duplicate create with AlreadyExists and keeps the original", async () => {
        const original = minimalExecution(execId("dup"));
        await store.createExecution(original);
        const second = store.createExecution({ ...fullExecution(execId("dup")) });
        await expect(second).rejects.toBeInstanceOf(AlreadyExistsError);
        await expect(second).rejects.toMatchObject({ code: "AlreadyExists" });
        expect(await store.getExecution(execId("dup"))).toStrictEqual(original);
      });

      it("keeps executions with one name in different projects and domains apart", async () => {
        const a = minimalExecution(execId("same", "p1", "development"));
        const b = minimalExecution(execId("same", "p2", "development"), { phase: "Running" });
        const c = minimalExecution(execId("same", "p1", "production"), { phase: "Succeeded" });
        for (const r of [a, b, c]) await store.createExecution(r);
        expect(await store.getExecution(a.id)).toStrictEqual(a);
        expect(await store.getExecution(b.id)).toStrictEqual(b);
        expect(await store.getExecution(c.id)).toStrictEqual(c);
      });

      it("updates replace the whole record, dropping optional fields left out", async () => {
        const id = execId("upd");
        await store.createExecution(fullExecution(id));
        const next = minimalExecution(id, { phase: "Running", updatedAtMs: 1_800_000_000_000 });
        await store.updateExecution(next);
        expect(await store.getExecution(id)).toStrictEqual(next);
        const final = { ...next, phase: "Succeeded" as const, outputsUri: "s3://x/outputs.pb" };
        await store.updateExecution(final);
        expect(await store.getExecution(id)).toStrictEqual(final);
      });

      it("rejects an update of an unknown execution with NotFound", async () => {
        await expect(store.updateExecution(minimalExecution(execId("ghost")))).rejects.toBeInstanceOf(NotFoundError);
        expect(await store.getExecution(execId("ghost"))).toBeUndefined();
      });

      it("lists exactly the executions whose phase is not terminal", async () => {
        const phases = [
          "Ready",
          "Running",
          "Failing",
          "HandlingFailureNode",
          "Succeeding",
          "Succeeded",
          "Failed",
          "Aborted",
        ] as const;
        for (const phase of phases) await store.createExecution(minimalExecution(execId(`e-${phase}`), { phase }));
        const names = async () => (await store.listActiveExecutions()).map((e) => e.id.name).sort();
        expect(await names()).toStrictEqual([
          "e-Failing",
          "e-HandlingFailureNode",
          "e-Ready",
          "e-Running",
          "e-Succeeding",
        ]);
        const running = await store.getExecution(execId("e-Running"));
        expect(running).toBeDefined();
        if (!running) return;
        await store.updateExecution({ ...running, phase: "Aborted", abortReason: "stop" });
        await store.updateExecution(minimalExecution(execId("e-Failed"), { phase: "Running" }));
        expect(await names()).toStrictEqual([
          "e-Failed",
          "e-Failing",
          "e-HandlingFailureNode",
          "e-Ready",
          "e-Succeeding",
        ]);
        const active = await store.listActiveExecutions();
        expect(active.find((e) => e.id.name === "e-Ready")).toStrictEqual(minimalExecution(execId("e-Ready")));
      });
    });

    describe("node executions", () => {
      const id = execId("nodes");
      beforeEach(async () => {
        await store.createExecution(minimalExecution(id));
      });

      it("round-trips minimal and full node records, including a JSON null handler state", async () => {
        const min = minimalNode("start-node");
        const full = fullNode("n0-0-n1");
        const nullState = minimalNode("n2", { handlerState: null });
        for (const r of [min, full, nullState]) await store.putNode(id, r);
        expect(await store.getNode(id, "start-node")).toStrictEqual(min);
        expect(await store.getNode(id, "n0-0-n1")).toStrictEqual(full);
        expect(await store.getNode(id, "n2")).toStrictEqual(nullState);
        expect((await store.getNodes(id)).sort(byUniqueId)).toStrictEqual([full, nullState, min].sort(byUniqueId));
      });

      it("replaces a node's row on put (one row per node execution)", async () => {
        await store.putNode(id, fullNode("n1"));
        const next = minimalNode("n1", { phase: "Running", attempt: 1 });
        await store.putNode(id, next);
        expect(await store.getNode(id, "n1")).toStrictEqual(next);
        expect(await store.getNodes(id)).toStrictEqual([next]);
      });

      it("keeps nodes of different executions apart", async () => {
        const other = execId("nodes-other");
        await store.createExecution(minimalExecution(other));
        await store.putNode(id, minimalNode("n1", { phase: "Succeeded" }));
        await store.putNode(other, minimalNode("n1", { phase: "Queued" }));
        expect((await store.getNode(id, "n1"))?.phase).toBe("Succeeded");
        expect((await store.getNode(other, "n1"))?.phase).toBe("Queued");
        expect(await store.getNodes(other)).toHaveLength(1);
      });

      it("returns undefined for unknown nodes and NotFound for unknown executions", async () => {
        expect(await store.getNode(id, "nope")).toBeUndefined();
        expect(await store.getNode(execId("ghost"), "n1")).toBeUndefined();
        expect(await store.getNodes(id)).toStrictEqual([]);
        await expect(store.getNodes(execId("ghost"))).rejects.toBeInstanceOf(NotFoundError);
        await expect(store.putNode(execId("ghost"), minimalNode("n1"))).rejects.toBeInstanceOf(NotFoundError);
      });
    });

    describe("task attempts", () => {
      const id = execId("attempts");
      beforeEach(async () => {
        await store.createExecution(minimalExecution(id));
      });

      it("creates and updates non-terminal attempts and lists them by attempt number", async () => {
        expect(await store.putAttempt(id, attempt("n1", 2))).toBe(true);
        expect(await store.putAttempt(id, attempt("n1", 0, { phase: "Queued" }))).toBe(true);
        expect(await store.putAttempt(id, attempt("n1", 1))).toBe(true);
        expect(await store.putAttempt(id, attempt("n2", 0))).toBe(true);
        const updated = attempt("n1", 0, { phase: "Running", phaseVersion: 3, pluginState: { step: 2 } });
        expect(await store.putAttempt(id, updated)).toBe(true);
        expect(await store.getAttempts(id, "n1")).toStrictEqual([updated, attempt("n1", 1), attempt("n1", 2)]);
        expect(await store.getAttempts(id, "n2")).toStrictEqual([attempt("n2", 0)]);
        expect(await store.getAttempts(id, "n3")).toStrictEqual([]);
      });

      it("records a terminal result exactly once and refuses to overwrite it", async () => {
        await store.putAttempt(id, attempt("n1", 0, { pluginState: null }));
        const terminal = fullAttempt("n1", 0);
        expect(await store.putAttempt(id, terminal)).toBe(true);
        for (const phase of ["Running", "Succeeded", "Failed", "Aborted", "Queued"] as const) {
          expect(await store.putAttempt(id, attempt("n1", 0, { phase, phaseVersion: 99 }))).toBe(false);
        }
        expect(await store.getAttempts(id, "n1")).toStrictEqual([terminal]);
        // A new attempt of the same node is a new row, writable as usual.
        expect(await store.putAttempt(id, attempt("n1", 1, { phase: "Succeeded" }))).toBe(true);
        expect(await store.putAttempt(id, attempt("n1", 1, { phase: "Failed" }))).toBe(false);
        expect((await store.getAttempts(id, "n1")).map((a) => a.phase)).toStrictEqual(["Failed", "Succeeded"]);
      });

      it("records a terminal attempt once even when writes race", async () => {
        await store.putAttempt(id, attempt("n1", 0));
        const results = await Promise.all(
          (["Succeeded", "Failed", "Aborted", "Succeeded"] as const).map((phase, i) =>
            store.putAttempt(id, attempt("n1", 0, { phase, phaseVersion: i })),
          ),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
        expect(await store.getAttempts(id, "n1")).toStrictEqual([
          attempt("n1", 0, { phase: "Succeeded", phaseVersion: 0 }),
        ]);
      });

      it("rejects attempts of unknown executions with NotFound", async () => {
        await expect(store.putAttempt(execId("ghost"), attempt("n1", 0))).rejects.toBeInstanceOf(NotFoundError);
        await expect(store.getAttempts(execId("ghost"), "n1")).rejects.toBeInstanceOf(NotFoundError);
      });
    });

    describe("event log", () => {
      const id = execId("events");
      beforeEach(async () => {
        await store.createExecution(minimalExecution(id));
      });

      it("numbers events 1, 2, 3 … per execution and lists them in append order with exact bytes", async () => {
        const other = execId("events-other");
        await store.createExecution(minimalExecution(other));
        const payloads = [allBytes(), new Uint8Array(0), new Uint8Array([0]), new Uint8Array([8, 1, 0, 0])];
        const kinds = ["workflow", "node", "task", "node"] as const;
        const seqs: number[] = [];
        for (let i = 0; i < payloads.length; i++) {
          seqs.push(await store.appendEvent(id, kinds[i] ?? "node", payloads[i] ?? new Uint8Array()));
          if (i === 1) expect(await store.appendEvent(other, "workflow", new Uint8Array([42]))).toBe(1);
        }
        expect(seqs).toStrictEqual([1, 2, 3, 4]);
        const events = await store.listEvents(id);
        expect(events.map((e) => [e.seq, e.kind])).toStrictEqual([
          [1, "workflow"],
          [2, "node"],
          [3, "task"],
          [4, "node"],
        ]);
        events.forEach((e, i) => {
          expect(e.payload).toBeInstanceOf(Uint8Array);
          expect(e.payload).toStrictEqual(new Uint8Array(payloads[i] ?? []));
        });
        expect(await store.listEvents(other)).toStrictEqual([
          { seq: 1, kind: "workflow", payload: new Uint8Array([42]) },
        ]);
      });

      it("gives concurrent appends distinct consecutive sequence numbers", async () => {
        const seqs = await Promise.all(
          Array.from({ length: 50 }, (_, i) => store.appendEvent(id, "task", new Uint8Array([i]))),
        );
        expect([...seqs].sort((a, b) => a - b)).toStrictEqual(Array.from({ length: 50 }, (_, i) => i + 1));
        const events = await store.listEvents(id);
        for (const e of events) expect(e.payload[0]).toBe(seqs.indexOf(e.seq));
      });

      it("rejects events of unknown executions with NotFound", async () => {
        expect(await store.listEvents(id)).toStrictEqual([]);
        await expect(store.appendEvent(execId("ghost"), "node", new Uint8Array([1]))).rejects.toBeInstanceOf(
          NotFoundError,
        );
        await expect(store.listEvents(execId("ghost"))).rejects.toBeInstanceOf(NotFoundError);
      });
    });

    runWriteBatchContract(() => store);
  });
}
