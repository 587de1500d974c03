import { describe, expect, it } from "vitest";
import { WorkflowExecution_Phase } from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";
import { TaskExecutionMetadata_InstanceClass } from "@flyte-ts/idl/gen/flyteidl/event/event_pb";
import { SystemError } from "@flyte-ts/core";
import { t, task, workflow } from "@flyte-ts/sdk";
import { ManualClock, type LocalRunError } from "../src/index.js";
import { expectNothingActive, gate, newRunner, nodesOf, until } from "./support/engine-test-kit.js";

describe("sub-workflow failures propagate", () => {
  it("a failing node inside a sub-workflow fails the parent node and the workflow, with the child's code", async () => {
    const boom = task({ name: "sw_boom", inputs: { x: t.int }, outputs: t.int }, () => {
      throw new Error("inner failure");
    });
    const inner = workflow({ name: "wf_sw_inner", inputs: { x: t.int }, outputs: t.int }, ({ x }) => boom({ x }));
    const outer = workflow({ name: "wf_sw_outer", inputs: { x: t.int }, outputs: t.int }, ({ x }) => inner({ x }));
    const r = newRunner();
    const err = (await r.runToLiterals(outer.entity, { x: 1 }).catch((e: unknown) => e)) as LocalRunError;
    expect(err.code).toBe("USER:Error");
    expect(err.message).toContain("inner failure");
    const top = (await nodesOf(r, err.execution)).find((n) => n.specNodeId === "n0" && n.parentUniqueId === undefined);
    expect(top?.phase).toBe("Failed");
    await expectNothingActive(r, err.execution);
  });

  it("a timed-out task inside a sub-workflow fails the workflow (Flyte issue 4087)", async () => {
    const clock = new ManualClock();
    const never = gate();
    const slow = task({ name: "sw_slow", inputs: { x: t.int }, outputs: t.int, timeout: "5s" }, async ({ x }) => {
      await never.promise;
      return x;
    });
    const inner = workflow({ name: "wf_sw_to_inner", inputs: { x: t.int }, outputs: t.int }, ({ x }) => slow({ x }));
    const outer = workflow({ name: "wf_sw_to_outer", inputs: { x: t.int }, outputs: t.int }, ({ x }) => inner({ x }));
    const r = newRunner({ clock });
    const { id, done } = await r.start(outer.entity, { x: 1 });
    await until(async () =>
      (await nodesOf(r, id)).some((n) => n.parentUniqueId !== undefined && n.phase === "Running"),
    );
    clock.advance(5_000);
    const result = await done;
    expect(result.record.phase).toBe("Failed");
    expect(result.record.error?.code).toBe("RetriesExhausted|TimeoutExpired");
    await expectNothingActive(r, id);
  });
});

describe("sub-workflow failure policy (Flyte issue 6339)", () => {
  it("a sub-workflow's FAIL_AFTER_EXECUTABLE_NODES_COMPLETE lets its other nodes finish", async () => {
    const boom = task({ name: "swp_boom", inputs: { x: t.int }, outputs: t.int }, () => {
      throw new Error("one branch broke");
    });
    let slowDone = false;
    const slow = task({ name: "swp_slow", inputs: { x: t.int }, outputs: t.int }, async ({ x }) => {
      await new Promise((res) => setTimeout(res, 30));
      slowDone = true;
      return x;
    });
    const inner = workflow(
      {
        name: "wf_swp_inner",
        inputs: { x: t.int },
        outputs: { a: t.int, b: t.int },
        failurePolicy: "afterRunnableNodes",
      },
      ({ x }) => ({ a: boom({ x }), b: slow({ x }) }),
    );
    const outer = workflow({ name: "wf_swp_outer", inputs: { x: t.int }, outputs: { a: t.int, b: t.int } }, ({ x }) =>
      inner({ x }),
    );
    const r = newRunner();
    const err = (await r.runToLiterals(outer.entity, { x: 1 }).catch((e: unknown) => e)) as LocalRunError;
    expect(err.code).toBe("USER:Error");
    expect(slowDone).toBe(true);
    const children = (await nodesOf(r, err.execution)).filter((n) => n.parentUniqueId !== undefined);
    expect(children.find((n) => n.specNodeId === "n1")?.phase).toBe("Succeeded");
    await expectNothingActive(r, err.execution);
  });
});

describe("events", () => {
  it("workflow events go RUNNING → SUCCEEDING → SUCCEEDED with the end node's outputs.pb", async () => {
    const inc = task({ name: "ev_inc", inputs: { x: t.int }, outputs: t.int }, ({ x }) => x + 1);
    const wf = workflow({ name: "wf_events", inputs: { x: t.int }, outputs: t.int }, ({ x }) => inc({ x }));
    const r = newRunner();
    const { id } = await r.runToLiterals(wf.entity, { x: 1 });
    const events = r.sink.workflowEvents().filter((e) => e.executionId?.name === id.name);
    expect(events.map((e) => e.phase)).toEqual([
      WorkflowExecution_Phase.RUNNING,
      WorkflowExecution_Phase.SUCCEEDING,
      WorkflowExecution_Phase.SUCCEEDED,
    ]);
    const last = events.at(-1);
    expect(last?.outputResult.case).toBe("outputUri");
    expect(last?.outputResult.value).toMatch(/end-node\/data\/0\/outputs\.pb$/);
    const stored = await r.store.listEvents(id);
    expect(stored.length).toBe(
      r.sink.events.filter(
        (e) =>
          (e.kind === "workflow"
            ? e.event.executionId?.name
            : e.kind === "node"
              ? e.event.id?.executionId?.name
              : e.event.parentNodeExecutionId?.executionId?.name) === id.name,
      ).length,
    );
  });

  it("a failed workflow reports FAILING then FAILED with the error", async () => {
    const boom = task({ name: "ev_boom", inputs: { x: t.int }, outputs: t.int }, () => {
      throw new Error("nope");
    });
    const wf = workflow({ name: "wf_events_fail", inputs: { x: t.int }, outputs: t.int }, ({ x }) => boom({ x }));
    const r = newRunner();
    const err = (await r.runToLiterals(wf.entity, { x: 1 }).catch((e: unknown) => e)) as LocalRunError;
    const events = r.sink.workflowEvents().filter((e) => e.executionId?.name === err.execution.name);
    expect(events.map((e) => e.phase)).toEqual([
      WorkflowExecution_Phase.RUNNING,
      WorkflowExecution_Phase.FAILING,
      WorkflowExecution_Phase.FAILED,
    ]);
    expect(events.at(-1)?.outputResult.case).toBe("error");
  });

  it("interruptible tasks report INTERRUPTIBLE until the last system attempt", async () => {
    let calls = 0;
    const flaky = task(
      { name: "ev_interruptible", inputs: { x: t.int }, outputs: t.int, interruptible: true },
      ({ x }) => {
        calls++;
        if (calls < 4) throw new SystemError("Interrupted", "node preempted", { retryable: true });
        return x;
      },
    );
    const wf = workflow({ name: "wf_interruptible", inputs: { x: t.int }, outputs: t.int }, ({ x }) => flaky({ x }));
    const r = newRunner();
    const { id } = await r.runToLiterals(wf.entity, { x: 1 });
    const byAttempt = new Map<number, TaskExecutionMetadata_InstanceClass | undefined>();
    for (const e of r.sink.taskEvents())
      if (e.parentNodeExecutionId?.executionId?.name === id.name)
        byAttempt.set(e.retryAttempt, e.metadata?.instanceClass);
    const I = TaskExecutionMetadata_InstanceClass.INTERRUPTIBLE;
    expect([...byAttempt.entries()]).toEqual([
      [0, I],
      [1, I],
      [2, I],
      [3, TaskExecutionMetadata_InstanceClass.DEFAULT],
    ]);
  });
});
