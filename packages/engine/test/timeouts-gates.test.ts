import { describe, expect, it } from "vitest";
import { approve, sleep, sequence, t, task, waitForSignal, workflow } from "@flyte-ts/sdk";
import { literals } from "@flyte-ts/idl";
import { ManualClock, type LocalRunError } from "../src/index.js";
import { expectNothingActive, gate, newRunner, nodeBySpec, nodesOf, until } from "./support/engine-test-kit.js";

describe("per-attempt timeouts", () => {
  it("a timed-out attempt is a recoverable USER TimeoutExpired: retried, then succeeds", async () => {
    const clock = new ManualClock();
    let calls = 0;
    const hold = gate();
    const slow = task(
      { name: "to_slow", inputs: { x: t.int }, outputs: t.int, timeout: "10s", retries: 1 },
      async ({ x }) => {
        calls++;
        if (calls === 1) await hold.promise;
        return x;
      },
    );
    const wf = workflow({ name: "wf_timeout_retry", inputs: { x: t.int }, outputs: t.int }, ({ x }) => slow({ x }));
    const r = newRunner({ clock });
    const { id, done } = await r.start(wf.entity, { x: 5 });
    await until(async () => (await nodesOf(r, id)).some((n) => n.specNodeId === "n0" && n.phase === "Running"));
    clock.advance(9_000);
    await new Promise((res) => setTimeout(res, 20));
    expect(calls).toBe(1);
    clock.advance(1_000);
    const result = await done;
    expect(result.record.phase).toBe("Succeeded");
    expect(calls).toBe(2);
    const n = await nodeBySpec(r, id, "n0");
    const attempts = await r.store.getAttempts(id, n.uniqueId);
    expect(attempts.map((a) => [a.phase, a.error?.code])).toEqual([
      ["Failed", "TimeoutExpired"],
      ["Succeeded", undefined],
    ]);
  });

  it("without retries the node fails with RetriesExhausted|TimeoutExpired and nothing stays running", async () => {
    const clock = new ManualClock();
    const never = gate();
    const slow = task({ name: "to_never", inputs: { x: t.int }, outputs: t.int, timeout: "1m" }, async ({ x }) => {
      await never.promise;
      return x;
    });
    const wf = workflow({ name: "wf_timeout_fail", inputs: { x: t.int }, outputs: t.int }, ({ x }) => slow({ x }));
    const r = newRunner({ clock });
    const run = r.runToLiterals(wf.entity, { x: 1 }).catch((e: unknown) => e as LocalRunError);
    await until(() => clock.pending > 0);
    clock.advance(60_000);
    const err = (await run) as LocalRunError;
    expect(err.code).toBe("RetriesExhausted|TimeoutExpired");
    await expectNothingActive(r, err.execution);
  });

  it("an active deadline times the node out for good (TimedOut, not retried)", async () => {
    const clock = new ManualClock();
    const never = gate();
    const slow = task({ name: "to_active", inputs: { x: t.int }, outputs: t.int, retries: 3 }, async ({ x }) => {
      await never.promise;
      return x;
    });
    const wf = workflow({ name: "wf_active_deadline", inputs: { x: t.int }, outputs: t.int }, ({ x }) => slow({ x }));
    const r = newRunner({ clock, settings: { nodeActiveDeadlineMs: 5_000 } });
    const { id, done } = await r.start(wf.entity, { x: 1 });
    await until(async () => (await nodesOf(r, id)).some((n) => n.specNodeId === "n0" && n.phase === "Running"));
    clock.advance(5_000);
    const result = await done;
    expect(result.record.phase).toBe("Failed");
    expect(result.record.error?.code).toBe("TimeoutInNode");
    const n = await nodeBySpec(r, id, "n0");
    expect(n.phase).toBe("TimedOut");
    expect(n.attempt).toBe(0);
  });
});

describe("overall execution deadline", () => {
  it("an execution past workflowActiveDeadlineMs fails and aborts what still runs", async () => {
    const clock = new ManualClock();
    const never = gate();
    const slow = task({ name: "wd_slow", inputs: { x: t.int }, outputs: t.int }, async ({ x }) => {
      await never.promise;
      return x;
    });
    const wf = workflow({ name: "wf_deadline", inputs: { x: t.int }, outputs: t.int }, ({ x }) => slow({ x }));
    const r = newRunner({ clock, settings: { workflowActiveDeadlineMs: 60_000 } });
    const { id, done } = await r.start(wf.entity, { x: 1 });
    await until(async () => (await nodesOf(r, id)).some((n) => n.specNodeId === "n0" && n.phase === "Running"));
    clock.advance(59_000);
    await new Promise((res) => setTimeout(res, 20));
    expect((await r.engine.getExecution(id))?.phase).toBe("Running");
    clock.advance(1_000);
    const result = await done;
    expect(result.record.phase).toBe("Failed");
    expect(result.record.error?.code).toBe("ExecutionDeadlineExceeded");
    expect((await nodeBySpec(r, id, "n0")).phase).toBe("Aborted");
    await expectNothingActive(r, id);
  });
});

describe("gate nodes", () => {
  const echo = task({ name: "gate_echo", inputs: { s: t.string }, outputs: t.string }, ({ s }) => `got ${s}`);

  it("sleep waits on a timer (no polling) and then lets downstream run", async () => {
    const clock = new ManualClock();
    const wf = workflow({ name: "wf_gate_sleep", inputs: { s: t.string }, outputs: t.string }, ({ s }) => {
      const z = sleep("30s");
      const out = echo({ s });
      sequence(z, out);
      return out;
    });
    const r = newRunner({ clock });
    const { id, done } = await r.start(wf.entity, { s: "x" });
    await until(async () => (await nodesOf(r, id)).some((n) => n.specNodeId === "n0" && n.phase === "Running"));
    expect(clock.pending).toBe(1);
    clock.advance(29_000);
    await new Promise((res) => setTimeout(res, 20));
    expect((await nodeBySpec(r, id, "n0")).phase).toBe("Running");
    clock.advance(1_000);
    expect((await done).record.phase).toBe("Succeeded");
  });

  it("a signal's value becomes the gate's output; setting it wakes the node", async () => {
    const wf = workflow({ name: "wf_gate_signal", outputs: t.string }, () =>
      echo({ s: waitForSignal("name", t.string) }),
    );
    const r = newRunner();
    const { id, done } = await r.start(wf.entity, {});
    await until(() => r.signals.pending().length === 1);
    expect(r.signals.pending()[0]?.signalId).toBe("name");
    expect(() => r.signals.set(id, "name", literals.integer(3))).toThrow(/declared type/);
    r.signals.set(id, "name", literals.string("ada"));
    const result = await done;
    expect(result.record.phase).toBe("Succeeded");
    const o0 = result.outputs?.literals.o0;
    expect(
      o0?.value.case === "scalar" && o0.value.value.value.case === "primitive"
        ? o0.value.value.value.value.value.value
        : undefined,
    ).toBe("got ada");
  });

  it("approve: true passes the value through, false fails with ReceivedRejectSignal", async () => {
    const wf = workflow({ name: "wf_gate_approve", inputs: { s: t.string }, outputs: t.string }, ({ s }) =>
      echo({ s: approve(echo({ s }), "ok") }),
    );
    const r = newRunner();
    const yes = await r.start(wf.entity, { s: "a" });
    await until(() => r.signals.pending().some((p) => p.execution.name === yes.id.name));
    r.signals.set(yes.id, "ok", literals.boolean(true));
    const ok = await yes.done;
    expect(ok.record.phase).toBe("Succeeded");
    const no = await r.start(wf.entity, { s: "b" });
    await until(() => r.signals.pending().some((p) => p.execution.name === no.id.name));
    r.signals.set(no.id, "ok", literals.boolean(false));
    const rejected = await no.done;
    expect(rejected.record.phase).toBe("Failed");
    expect(rejected.record.error?.code).toBe("ReceivedRejectSignal");
    await expectNothingActive(r, no.id);
  });
});
