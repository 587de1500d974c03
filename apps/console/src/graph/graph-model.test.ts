import { describe, expect, it } from "vitest";
import { create } from "@bufbuild/protobuf";
import { NodeSchema } from "@flyte-ts/idl/gen/flyteidl/core/workflow_pb";
import { buildGraphModel } from "./graph-model.js";
import { structureKey } from "./flow-elements.js";
import {
  Phase,
  arrayNode,
  branchNode,
  closureOf,
  nodeExecution,
  subWorkflowNode,
  taskNode,
  workflow,
} from "./graph-fixtures.js";
import { childNodeUniqueId } from "./node-ids.js";
import type { GraphModel } from "./graph-types.js";

const none = new Set<string>();
const edgeIds = (m: GraphModel): string[] => m.edges.map((e) => e.id).sort();
const byId = (m: GraphModel, id: string) => {
  const n = m.nodes.find((x) => x.id === id);
  if (!n) throw new Error(`no node ${id} in ${m.nodes.map((x) => x.id).join(", ")}`);
  return n;
};

describe("buildGraphModel", () => {
  it("is empty without a closure", () => {
    expect(buildGraphModel({ closure: undefined, nodeExecutions: [], expanded: none })).toEqual({
      nodes: [],
      edges: [],
    });
  });

  it("draws a chain between start and end with live phases", () => {
    const closure = closureOf(workflow("wf", [taskNode("n0", "mod.say_hello"), taskNode("n1", "mod.shout", ["n0"])]));
    const m = buildGraphModel({
      closure,
      nodeExecutions: [nodeExecution("n0", Phase.SUCCEEDED), nodeExecution("n1", Phase.RUNNING)],
      expanded: none,
    });
    expect(m.nodes.map((n) => [n.id, n.kind, n.phase])).toEqual([
      ["start-node", "start", "pending"],
      ["n0", "task", "succeeded"],
      ["n1", "task", "running"],
      ["end-node", "end", "pending"],
    ]);
    expect(byId(m, "n0").label).toBe("say_hello");
    expect(byId(m, "n0").executionNodeId).toBe("n0");
    expect(edgeIds(m)).toEqual(["n0->n1", "n1->end-node", "start-node->n0"]);
  });

  it("prefers the compiled connections over declared dependencies", () => {
    const closure = closureOf(
      workflow("wf", [taskNode("a", "t.a"), taskNode("b", "t.b")], {
        a: ["start-node"],
        b: ["a", "start-node"],
        "end-node": ["b"],
      }),
    );
    const m = buildGraphModel({ closure, nodeExecutions: [], expanded: none });
    expect(edgeIds(m)).toEqual(["a->b", "b->end-node", "start-node->a", "start-node->b"]);
  });

  it("shows a branch's cases, lighting the taken one and dimming the rest", () => {
    const closure = closureOf(
      workflow("wf", [
        branchNode("n0", [taskNode("n0-n0", "t.small"), taskNode("n0-n1", "t.big")], taskNode("n0-n2", "t.other")),
      ]),
    );
    const before = buildGraphModel({ closure, nodeExecutions: [], expanded: none });
    expect(before.nodes.filter((n) => n.parentId === "n0").map((n) => [n.caseLabel, n.dimmed])).toEqual([
      ["if", false],
      ["elif 1", false],
      ["else", false],
    ]);
    const taken = childNodeUniqueId("n0", 0, "n0-n1");
    const m = buildGraphModel({
      closure,
      nodeExecutions: [
        nodeExecution("n0", Phase.RUNNING),
        nodeExecution(taken, Phase.RUNNING),
        nodeExecution(childNodeUniqueId("n0", 0, "n0-n0"), Phase.SKIPPED),
      ],
      expanded: none,
    });
    const branch = byId(m, "n0");
    expect(branch).toMatchObject({ kind: "branch", container: true, phase: "running" });
    expect(byId(m, "n0/n0-n1")).toMatchObject({ dimmed: false, phase: "running", executionNodeId: taken });
    expect(byId(m, "n0/n0-n0")).toMatchObject({ dimmed: true, phase: "skipped" });
    expect(byId(m, "n0/n0-n2")).toMatchObject({ dimmed: true, phase: "skipped", caseLabel: "else" });
    // Edges stay at the branch node; cases are stacked inside it.
    expect(m.edges.every((e) => !e.source.startsWith("n0/") && !e.target.startsWith("n0/"))).toBe(true);
  });

  it("dims no case and asks for the children while a branch's cases are not loaded", () => {
    const closure = closureOf(workflow("wf", [branchNode("n0", [taskNode("n0-n0", "t.a"), taskNode("n0-n1", "t.b")])]));
    const m = buildGraphModel({ closure, nodeExecutions: [nodeExecution("n0", Phase.SUCCEEDED)], expanded: none });
    expect(byId(m, "n0")).toMatchObject({ phase: "succeeded", needsChildren: true });
    expect(m.nodes.filter((n) => n.parentId === "n0").map((n) => n.dimmed)).toEqual([false, false]);
    const loaded = buildGraphModel({
      closure,
      nodeExecutions: [
        nodeExecution("n0", Phase.SUCCEEDED),
        nodeExecution(childNodeUniqueId("n0", 0, "n0-n1"), Phase.SUCCEEDED),
      ],
      expanded: none,
    });
    expect(byId(loaded, "n0").needsChildren).toBeUndefined();
    expect(loaded.nodes.filter((n) => n.parentId === "n0").map((n) => n.dimmed)).toEqual([true, false]);
  });

  it("keeps sub-workflows collapsed until expanded, then nests their nodes", () => {
    const sub = workflow("sub", [taskNode("s0", "t.inner"), taskNode("s1", "t.inner2", ["s0"])]);
    const closure = closureOf(workflow("wf", [subWorkflowNode("n0", "sub")]), [sub]);
    const collapsed = buildGraphModel({ closure, nodeExecutions: [], expanded: none });
    expect(byId(collapsed, "n0")).toMatchObject({
      kind: "subworkflow",
      expandable: true,
      expanded: false,
      container: false,
    });
    expect(collapsed.nodes.some((n) => n.parentId === "n0")).toBe(false);

    const inner = childNodeUniqueId("n0", 0, "s1");
    const m = buildGraphModel({
      closure,
      nodeExecutions: [nodeExecution("n0", Phase.RUNNING), nodeExecution(inner, Phase.FAILED)],
      expanded: new Set(["n0"]),
    });
    expect(byId(m, "n0")).toMatchObject({ container: true, expanded: true });
    expect(m.nodes.filter((n) => n.parentId === "n0").map((n) => n.id)).toEqual(["n0/s0", "n0/s1"]);
    expect(byId(m, "n0/s1")).toMatchObject({ phase: "failed", executionNodeId: inner });
    expect(m.edges.find((e) => e.id === "n0/s0->n0/s1")).toMatchObject({ parentId: "n0" });
    // A sub-workflow's own start and end nodes are not drawn.
    expect(m.nodes.filter((n) => n.kind === "start")).toHaveLength(1);
  });

  it("summarises a map task's indices by phase", () => {
    const closure = closureOf(workflow("wf", [arrayNode("n0", "t.square")]));
    const children = Array.from({ length: 1000 }, (_, i) =>
      nodeExecution(
        childNodeUniqueId("n0", 0, String(i)),
        i < 990 ? Phase.SUCCEEDED : i < 995 ? Phase.FAILED : Phase.RUNNING,
      ),
    );
    const m = buildGraphModel({
      closure,
      nodeExecutions: [nodeExecution("n0", Phase.RUNNING), ...children],
      expanded: none,
    });
    expect(m.nodes).toHaveLength(3);
    expect(byId(m, "n0")).toMatchObject({ kind: "array", counts: { succeeded: 990, failed: 5, running: 5 } });
    expect(byId(m, "n0").detail).toContain("1000 items");
  });

  it("folds a thousand look-alike siblings into one group, fast", () => {
    const fan = Array.from({ length: 1000 }, (_, i) => taskNode(`n${i + 1}`, "t.work", ["n0"]));
    const closure = closureOf(
      workflow("wf", [
        taskNode("n0", "t.split"),
        ...fan,
        taskNode(
          "n1001",
          "t.join",
          fan.map((n) => n.id),
        ),
      ]),
    );
    const execs = fan.map((n, i) => nodeExecution(n.id, i % 2 === 0 ? Phase.SUCCEEDED : Phase.QUEUED));
    const t0 = performance.now();
    const m = buildGraphModel({ closure, nodeExecutions: execs, expanded: none });
    expect(performance.now() - t0).toBeLessThan(500);
    const groups = m.nodes.filter((n) => n.kind === "group");
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({
      label: "1000 × work",
      counts: { succeeded: 500, queued: 500 },
      phase: "running",
    });
    expect(m.nodes).toHaveLength(5);
    expect(edgeIds(m)).toEqual(["group:n1->n1001", "n0->group:n1", "n1001->end-node", "start-node->n0"].sort());
  });

  it("keeps the layout key across phase changes, and changes it when the structure changes", () => {
    const sub = workflow("sub", [taskNode("s0", "t.inner")]);
    const closure = closureOf(workflow("wf", [taskNode("n0", "t.a"), subWorkflowNode("n1", "sub", ["n0"])]), [sub]);
    const queued = buildGraphModel({ closure, nodeExecutions: [nodeExecution("n0", Phase.QUEUED)], expanded: none });
    const done = buildGraphModel({ closure, nodeExecutions: [nodeExecution("n0", Phase.SUCCEEDED)], expanded: none });
    expect(byId(done, "n0").phase).toBe("succeeded");
    expect(structureKey(done)).toBe(structureKey(queued));
    const open = buildGraphModel({ closure, nodeExecutions: [], expanded: new Set(["n1"]) });
    expect(structureKey(open)).not.toBe(structureKey(queued));
  });

  it("shows a running gate as waiting", () => {
    const gate = create(NodeSchema, {
      id: "n0",
      metadata: { name: "approve-report" },
      target: { case: "gateNode", value: { condition: { case: "approve", value: { signalId: "review" } } } },
    });
    const m = buildGraphModel({
      closure: closureOf(workflow("wf", [gate])),
      nodeExecutions: [nodeExecution("n0", Phase.RUNNING)],
      expanded: none,
    });
    expect(byId(m, "n0")).toMatchObject({ kind: "gate", phase: "waiting", detail: "n0 · approve review" });
  });

  it("expands a dynamic node into the workflow it generated, folding its fan-out", () => {
    const closure = closureOf(workflow("wf", [taskNode("n0", "t.fanout")]));
    const fan = Array.from({ length: 1000 }, (_, i) => taskNode(`dn${i}`, "t.work"));
    const dynamic = closureOf(workflow("dynamic_n0", fan));
    const execs = [
      nodeExecution("n0", Phase.DYNAMIC_RUNNING, { isDynamic: true }),
      ...fan.slice(0, 10).map((n) => nodeExecution(childNodeUniqueId("n0", 0, n.id), Phase.SUCCEEDED)),
    ];
    const options = { closure, nodeExecutions: execs, dynamicWorkflows: new Map([["n0", dynamic]]) };
    const collapsed = buildGraphModel({ ...options, expanded: none });
    expect(byId(collapsed, "n0")).toMatchObject({ expandable: true, expanded: false, counts: { succeeded: 10 } });
    expect(collapsed.nodes).toHaveLength(3);
    const m = buildGraphModel({ ...options, expanded: new Set(["n0"]) });
    expect(byId(m, "n0")).toMatchObject({ container: true, expanded: true });
    const inner = m.nodes.filter((n) => n.parentId === "n0");
    expect(inner.map((n) => [n.kind, n.label])).toEqual([["group", "1000 × work"]]);
    expect(inner[0]?.counts).toEqual({ succeeded: 10, pending: 990 });
  });

  it("opens a group in place, its members inside and its edges kept on the group", () => {
    const fan = Array.from({ length: 100 }, (_, i) => taskNode(`n${i + 1}`, "t.work", ["n0"]));
    const closure = closureOf(workflow("wf", [taskNode("n0", "t.split"), ...fan]));
    const m = buildGraphModel({ closure, nodeExecutions: [], expanded: new Set(["group:n1"]) });
    expect(byId(m, "group:n1")).toMatchObject({ container: true, expanded: true, expandable: true });
    expect(m.nodes.filter((n) => n.parentId === "group:n1")).toHaveLength(100);
    expect(byId(m, "group:n1/n7")).toMatchObject({ executionNodeId: "n7", kind: "task" });
    expect(edgeIds(m)).toEqual(["group:n1->end-node", "n0->group:n1", "start-node->n0"]);
  });

  it("leaves small workflows ungrouped", () => {
    const fan = Array.from({ length: 10 }, (_, i) => taskNode(`n${i}`, "t.work"));
    const m = buildGraphModel({ closure: closureOf(workflow("wf", fan)), nodeExecutions: [], expanded: none });
    expect(m.nodes.filter((n) => n.kind === "task")).toHaveLength(10);
  });
});
