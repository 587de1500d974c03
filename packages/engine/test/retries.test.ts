import { describe, expect, it } from "vitest";
import { SystemError } from "@flyte-ts/core";
import { RecoverableError, t, task, workflow } from "@flyte-ts/sdk";
import { LocalRunError } from "../src/index.js";
import {
  expectNothingActive,
  newRunner,
  nodeBySpec,
  nodeEventPhases,
  NodeExecution_Phase,
} from "./support/engine-test-kit.js";

/** A task failing `failures` times with errors made by `make`, then returning its input. */
function flaky(name: string, retries: number, failures: (() => Error)[]) {
  let calls = 0;
  const fn = task({ name, inputs: { x: t.int }, outputs: t.int, retries }, ({ x }) => {
    const f = failures[calls++];
    if (f) throw f();
    return x;
  });
  return { fn, calls: () => calls };
}

const recoverable = () => new RecoverableError("try again");
const system = () => new SystemError("NodeLost", "the machine went away", { retryable: true });
const plain = () => new Error("bad input");

describe("retries: separate user and system budgets", () => {
  it("retries a recoverable user error within the task's retries, one attempt row each", async () => {
    const f = flaky("retry_user_ok", 2, [recoverable, recoverable]);
    const wf = workflow({ name: "wf_retry_user_ok", inputs: { x: t.int }, outputs: t.int }, ({ x }) => f.fn({ x }));
    const r = newRunner();
    const { id, outputs } = await r.runToLiterals(wf.entity, { x: 7 });
    expect(outputs.literals.o0?.value.case).toBe("scalar");
    expect(f.calls()).toBe(3);
    const n = await nodeBySpec(r, id, "n0");
    expect(n.attempt).toBe(2);
    expect((await r.store.getAttempts(id, n.uniqueId)).map((a) => a.phase)).toEqual(["Failed", "Failed", "Succeeded"]);
    // Retries are invisible at node level: one RUNNING, no FAILED in between.
    expect(nodeEventPhases(r, id, n.uniqueId)).toEqual([
      NodeExecution_Phase.QUEUED,
      NodeExecution_Phase.RUNNING,
      NodeExecution_Phase.SUCCEEDED,
    ]);
  });

  it("fails with RetriesExhausted once the user budget is spent", async () => {
    const f = flaky("retry_user_exhausted", 1, [recoverable, recoverable, recoverable]);
    const wf = workflow({ name: "wf_retry_user_exhausted", inputs: { x: t.int }, outputs: t.int }, ({ x }) =>
      f.fn({ x }),
    );
    const r = newRunner();
    const err = await r.runToLiterals(wf.entity, { x: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LocalRunError);
    expect((err as LocalRunError).code).toBe("RetriesExhausted|USER:Recoverable");
    expect((err as LocalRunError).message).toContain("[2/2] currentAttempt done. Last Error: USER::try again");
    expect(f.calls()).toBe(2);
    await expectNothingActive(r, (err as LocalRunError).execution);
  });

  it("does not retry an ordinary (non-recoverable) user error, whatever the retries", async () => {
    const f = flaky("retry_plain", 3, [plain]);
    const wf = workflow({ name: "wf_retry_plain", inputs: { x: t.int }, outputs: t.int }, ({ x }) => f.fn({ x }));
    const r = newRunner();
    await expect(r.runToLiterals(wf.entity, { x: 1 })).rejects.toMatchObject({ code: "USER:Error" });
    expect(f.calls()).toBe(1);
  });

  it("charges system errors to the system budget, never to the user's", async () => {
    // retries: 0 → one user attempt; two system failures are still retried (system budget 3).
    const f = flaky("retry_system_ok", 0, [system, system]);
    const wf = workflow({ name: "wf_retry_system_ok", inputs: { x: t.int }, outputs: t.int }, ({ x }) => f.fn({ x }));
    const r = newRunner();
    const { id } = await r.runToLiterals(wf.entity, { x: 2 });
    const n = await nodeBySpec(r, id, "n0");
    expect(n.systemFailures).toBe(2);
    expect(n.attempt).toBe(2);
  });

  it("fails when the system budget is spent even though user retries remain", async () => {
    const f = flaky("retry_system_exhausted", 5, [system, system, system]);
    const wf = workflow({ name: "wf_retry_system_exhausted", inputs: { x: t.int }, outputs: t.int }, ({ x }) =>
      f.fn({ x }),
    );
    const r = newRunner({ settings: { maxSystemRetries: 2 } });
    const err = (await r.runToLiterals(wf.entity, { x: 1 }).catch((e: unknown) => e)) as LocalRunError;
    expect(err.code).toBe("RetriesExhausted|NodeLost");
    expect(err.kind).toBe("system");
    expect(f.calls()).toBe(3);
  });

  it("mixes budgets: system failures leave the user's attempts intact", async () => {
    // One user retry allowed; a system failure in between does not use it up.
    const f = flaky("retry_mixed", 1, [system, recoverable, system]);
    const wf = workflow({ name: "wf_retry_mixed", inputs: { x: t.int }, outputs: t.int }, ({ x }) => f.fn({ x }));
    const r = newRunner();
    const { id } = await r.runToLiterals(wf.entity, { x: 3 });
    const n = await nodeBySpec(r, id, "n0");
    expect(f.calls()).toBe(4);
    expect(n.systemFailures).toBe(2);
  });
});
