import { describe, expect, it } from "vitest";
import { buildGraphModel } from "./graph-model.js";
import { toFlowElements } from "./flow-elements.js";
import { layoutGraph } from "./layout.js";
import { closureOf, nodeExecution, Phase, subWorkflowNode, taskNode, workflow } from "./graph-fixtures.js";
import { childNodeUniqueId } from "./node-ids.js";

describe("toFlowElements", () => {
  it("puts containers before their children, marks the selected node and routes edges", async () => {
    const sub = workflow("sub", [taskNode("s0", "t.a"), taskNode("s1", "t.b", ["s0"])]);
    const closure = closureOf(workflow("wf", [taskNode("n0", "t.a"), subWorkflowNode("n1", "sub", ["n0"])]), [sub]);
    const inner = childNodeUniqueId("n1", 0, "s1");
    const model = buildGraphModel({
      closure,
      nodeExecutions: [nodeExecution("n1", Phase.RUNNING), nodeExecution(inner, Phase.RUNNING)],
      expanded: new Set(["n1"]),
    });
    const layout = await layoutGraph(model);
    const { nodes, edges } = toFlowElements(model, layout, inner);
    const index = (id: string): number => nodes.findIndex((n) => n.id === id);
    expect(index("n1")).toBeGreaterThanOrEqual(0);
    expect(index("n1")).toBeLessThan(index("n1/s0"));
    expect(nodes.find((n) => n.id === "n1/s1")).toMatchObject({ parentId: "n1", data: { isSelected: true } });
    expect(nodes.filter((n) => n.data.isSelected).map((n) => n.id)).toEqual(["n1/s1"]);
    expect(edges.find((e) => e.id === "n1/s0->n1/s1")?.data?.points?.length).toBeGreaterThanOrEqual(2);
    expect(edges.every((e) => e.type === "route")).toBe(true);
  });

  it("draws nothing for nodes the layout does not know yet", async () => {
    const closure = closureOf(workflow("wf", [taskNode("n0", "t.a")]));
    const before = buildGraphModel({ closure, nodeExecutions: [], expanded: new Set() });
    const layout = await layoutGraph(before);
    const grown = closureOf(workflow("wf", [taskNode("n0", "t.a"), taskNode("n1", "t.b", ["n0"])]));
    const after = buildGraphModel({ closure: grown, nodeExecutions: [], expanded: new Set() });
    const { nodes, edges } = toFlowElements(after, layout, undefined);
    expect(nodes.map((n) => n.id)).not.toContain("n1");
    expect(edges.some((e) => e.target === "n1" || e.source === "n1")).toBe(false);
  });
});
