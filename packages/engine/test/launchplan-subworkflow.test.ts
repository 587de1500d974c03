import { describe, expect, it } from "vitest";
import { clone, create } from "@bufbuild/protobuf";
import { CompiledWorkflowClosureSchema } from "@flyte-ts/idl/gen/flyteidl/core/compiler_pb";
import { NodeSchema } from "@flyte-ts/idl/gen/flyteidl/core/workflow_pb";
import { literalMap, literals } from "@flyte-ts/idl";
import { launchPlan, t, task, workflow } from "@flyte-ts/sdk";
import type { LocalRunError } from "../src/index.js";
import { isExecutionIdJsonForTest } from "./support/ids.js";
import { expectNothingActive, newRunner, nodesOf } from "./support/engine-test-kit.js";

describe("launch-plan nodes", () => {
  it("a failed child execution fails the parent node with the child's error", async () => {
    const boom = task({ name: "lp_boom", inputs: { x: t.int }, outputs: t.int }, () => {
      throw new Error("child broke");
    });
    const child = workflow({ name: "wf_lp_child_fail", inputs: { x: t.int }, outputs: t.int }, ({ x }) => boom({ x }));
    const lp = launchPlan(child, { name: "lp_child_fail" });
    const parent = workflow({ name: "wf_lp_parent_fail", inputs: { x: t.int }, outputs: t.int }, ({ x }) => lp({ x }));
    const r = newRunner();
    const err = (await r.runToLiterals(parent.entity, { x: 1 }).catch((e: unknown) => e)) as LocalRunError;
    expect(err.code).toBe("USER:Error");
    expect(err.message).toContain("child broke");
    const node = (await nodesOf(r, err.execution)).find((n) => n.specNodeId === "n0");
    const childId = (node?.handlerState as { childExecution?: unknown } | undefined)?.childExecution;
    if (!isExecutionIdJsonForTest(childId)) throw new Error("no child id recorded");
    const childRecord = await r.engine.getExecution(childId);
    expect(childRecord?.phase).toBe("Failed");
    expect(childRecord?.config.parent?.nodeUniqueId).toBe("n0");
    // The node event names the child execution (workflow_node_metadata).
    const ev = r.sink
      .nodeEvents()
      .find(
        (e) =>
          e.id?.executionId?.name === err.execution.name &&
          e.id.nodeId === "n0" &&
          e.targetMetadata.case === "workflowNodeMetadata",
      );
    const md = ev?.targetMetadata.case === "workflowNodeMetadata" ? ev.targetMetadata.value : undefined;
    expect(md?.executionId?.name).toBe(childId.name);
  });
});

describe("sub-workflow failure nodes", () => {
  it("runs the sub-workflow's failure node before the sub-workflow node fails", async () => {
    const seen: number[] = [];
    const boom = task({ name: "swf_boom", inputs: { x: t.int }, outputs: t.int }, () => {
      throw new Error("inner broke");
    });
    const cleanup = task({ name: "swf_cleanup", inputs: { x: t.int } }, ({ x }) => {
      seen.push(x);
    });
    const inner = workflow({ name: "wf_swf_inner", inputs: { x: t.int }, outputs: t.int }, ({ x }) => boom({ x }));
    const outer = workflow({ name: "wf_swf_outer", inputs: { x: t.int }, outputs: t.int }, ({ x }) => inner({ x }));
    const holder = workflow({ name: "wf_swf_holder", inputs: { x: t.int } }, ({ x }) => {
      cleanup({ x });
    });
    const r = newRunner();
    const build = await r.prepare(outer.entity);
    const helper = await r.prepare(holder.entity);
    const closure = clone(CompiledWorkflowClosureSchema, build.closure);
    closure.tasks.push(...helper.closure.tasks);
    const sub = closure.subWorkflows.find((w) => w.template?.id?.name === "wf_swf_inner")?.template;
    const cleanupNode = helper.closure.primary?.template?.nodes.find((n) => n.target.case === "taskNode");
    if (!sub || !cleanupNode) throw new Error("closure without sub-workflow");
    sub.failureNode = create(NodeSchema, { ...clone(NodeSchema, cleanupNode), id: "fn0" });
    const id = { project: "p", domain: "d", name: "sub-failure-node" };
    await r.engine.createExecution({ id, closure, inputs: literalMap({ x: literals.integer(3) }) });
    const result = await r.engine.waitFor(id);
    expect(result.record.phase).toBe("Failed");
    expect(result.record.error?.message).toContain("inner broke");
    expect(seen).toEqual([3]);
    const fn = (await nodesOf(r, id)).find((n) => n.specNodeId === "fn0");
    expect(fn?.phase).toBe("Succeeded");
    await expectNothingActive(r, id);
  });
});
