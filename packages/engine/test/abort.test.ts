import { describe, expect, it } from "vitest";
import { launchPlan, map, t, task, workflow } from "@flyte-ts/sdk";
import { isExecutionIdJsonForTest } from "./support/ids.js";
import {
  expectNothingActive,
  gate,
  newRunner,
  nodeBySpec,
  nodeEventPhases,
  NodeExecution_Phase,
  nodesOf,
  taskEventPhases,
  TaskExecution_Phase,
  until,
} from "./support/engine-test-kit.js";

const never = gate();
const hang = task({ name: "abort_hang", inputs: { x: t.int }, outputs: t.int }, async ({ x }) => {
  await never.promise;
  return x;
});
const quick = task({ name: "abort_quick", inputs: { x: t.int }, outputs: t.int }, ({ x }) => x + 1);

describe("abort reaches every running node", () => {
  it("aborts a running task: node and attempt ABORTED, workflow ABORTED", async () => {
    const wf = workflow({ name: "wf_abort_task", inputs: { x: t.int }, outputs: t.int }, ({ x }) =>
      quick({ x: hang({ x }) }),
    );
    const r = newRunner();
    const { id, done } = await r.start(wf.entity, { x: 1 });
    await until(async () => (await nodesOf(r, id)).some((n) => n.specNodeId === "n0" && n.phase === "Running"));
    await r.engine.abort(id, "user asked");
    const result = await done;
    expect(result.record.phase).toBe("Aborted");
    expect(result.record.abortReason).toBe("user asked");
    await expectNothingActive(r, id);
    const n0 = await nodeBySpec(r, id, "n0");
    expect(n0.phase).toBe("Aborted");
    expect(n0.error?.code).toBe("NodeAborted");
    expect(nodeEventPhases(r, id, n0.uniqueId).at(-1)).toBe(NodeExecution_Phase.ABORTED);
    expect(taskEventPhases(r, id, n0.uniqueId).at(-1)?.phase).toBe(TaskExecution_Phase.ABORTED);
    // The downstream node never started: it has no row at all.
    expect((await nodesOf(r, id)).some((n) => n.specNodeId === "n1")).toBe(false);
  });

  it("aborts into a sub-workflow: the sub-workflow node and its running child both end ABORTED", async () => {
    const sub = workflow({ name: "wf_abort_sub_inner", inputs: { x: t.int }, outputs: t.int }, ({ x }) =>
      hang({ x: quick({ x }) }),
    );
    const wf = workflow({ name: "wf_abort_sub", inputs: { x: t.int }, outputs: t.int }, ({ x }) => sub({ x }));
    const r = newRunner();
    const { id, done } = await r.start(wf.entity, { x: 1 });
    await until(async () =>
      (await nodesOf(r, id)).some(
        (n) => n.parentUniqueId !== undefined && n.phase === "Running" && n.specNodeId === "n1",
      ),
    );
    await r.engine.abort(id, "stop");
    expect((await done).record.phase).toBe("Aborted");
    await expectNothingActive(r, id);
    const all = await nodesOf(r, id);
    const parent = all.find((n) => n.specNodeId === "n0" && n.parentUniqueId === undefined);
    expect(parent?.phase).toBe("Aborted");
    const children = all.filter((n) => n.parentUniqueId === parent?.uniqueId);
    expect(children.find((n) => n.specNodeId === "n0")?.phase).toBe("Succeeded");
    expect(children.find((n) => n.specNodeId === "n1")?.phase).toBe("Aborted");
  });

  it("aborts every running map index", async () => {
    const mapped = map(hang, { concurrency: 2 });
    const wf = workflow({ name: "wf_abort_map", inputs: { xs: t.list(t.int) }, outputs: t.list(t.int) }, ({ xs }) =>
      mapped({ x: xs }),
    );
    const r = newRunner();
    const { id, done } = await r.start(wf.entity, { xs: [1, 2, 3, 4] });
    await until(
      async () =>
        (await nodesOf(r, id)).filter((n) => n.parentUniqueId !== undefined && n.phase === "Running").length === 2,
    );
    await r.engine.abort(id, "stop");
    expect((await done).record.phase).toBe("Aborted");
    await expectNothingActive(r, id);
    const indices = (await nodesOf(r, id)).filter((n) => n.parentUniqueId !== undefined);
    // Concurrency 2: two indices started (and were aborted); the other two never started.
    expect(indices.map((n) => n.phase).sort()).toEqual(["Aborted", "Aborted"]);
  });

  it("cascades to a child launch-plan execution", async () => {
    const child = workflow({ name: "wf_abort_child", inputs: { x: t.int }, outputs: t.int }, ({ x }) => hang({ x }));
    const lp = launchPlan(child, { name: "lp_abort_child" });
    const wf = workflow({ name: "wf_abort_parent", inputs: { x: t.int }, outputs: t.int }, ({ x }) => lp({ x }));
    const r = newRunner();
    const { id, done } = await r.start(wf.entity, { x: 1 });
    let childId: unknown;
    await until(async () => {
      const n = (await nodesOf(r, id)).find((x) => x.specNodeId === "n0");
      childId = (n?.handlerState as { childExecution?: unknown } | undefined)?.childExecution;
      if (!isExecutionIdJsonForTest(childId)) return false;
      return (await nodesOf(r, childId)).some((x) => x.phase === "Running");
    });
    if (!isExecutionIdJsonForTest(childId)) throw new Error("no child");
    expect(childId.name.length).toBeLessThanOrEqual(20);
    await r.engine.abort(id, "stop");
    expect((await done).record.phase).toBe("Aborted");
    const childResult = await r.engine.waitFor(childId);
    expect(childResult.record.phase).toBe("Aborted");
    await expectNothingActive(r, id);
    await expectNothingActive(r, childId);
  });
});

describe("failure policies", () => {
  const boom = task({ name: "policy_boom", inputs: { x: t.int }, outputs: t.int }, () => {
    throw new Error("boom");
  });

  it("FAIL_IMMEDIATELY: the first failure fails the workflow and aborts what still runs", async () => {
    const wf = workflow({ name: "wf_fail_now", inputs: { x: t.int }, outputs: { a: t.int, b: t.int } }, ({ x }) => ({
      a: hang({ x }),
      b: boom({ x }),
    }));
    const r = newRunner();
    const { id, done } = await r.start(wf.entity, { x: 1 });
    const result = await done;
    expect(result.record.phase).toBe("Failed");
    expect(result.record.error?.code).toBe("USER:Error");
    await expectNothingActive(r, id);
    expect((await nodeBySpec(r, id, "n0")).phase).toBe("Aborted");
    expect((await nodeBySpec(r, id, "n1")).phase).toBe("Failed");
  });

  it("FAIL_AFTER_EXECUTABLE_NODES_COMPLETE: other branches finish, downstream of the failure is skipped", async () => {
    const release = gate();
    const slow = task({ name: "policy_slow", inputs: { x: t.int }, outputs: t.int }, async ({ x }) => {
      await release.promise;
      return x * 10;
    });
    const wf = workflow(
      {
        name: "wf_fail_after",
        inputs: { x: t.int },
        outputs: { a: t.int, b: t.int },
        failurePolicy: "afterRunnableNodes",
      },
      ({ x }) => ({ a: quick({ x: slow({ x }) }), b: quick({ x: boom({ x }) }) }),
    );
    const r = newRunner();
    const { id, done } = await r.start(wf.entity, { x: 1 });
    await until(async () => (await nodesOf(r, id)).some((n) => n.specNodeId === "n2" && n.phase === "Failed"));
    expect((await r.engine.getExecution(id))?.phase).toBe("Running");
    release.open();
    const result = await done;
    expect(result.record.phase).toBe("Failed");
    expect((await nodeBySpec(r, id, "n0")).phase).toBe("Succeeded");
    expect((await nodeBySpec(r, id, "n1")).phase).toBe("Succeeded");
    expect((await nodeBySpec(r, id, "n3")).phase).toBe("Skipped");
    await expectNothingActive(r, id);
  });
});
