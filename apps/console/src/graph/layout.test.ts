import { describe, expect, it } from "vitest";
import { buildGraphModel } from "./graph-model.js";
import { layoutGraph, nodeSize, toElkGraph } from "./layout.js";
import { branchNode, closureOf, subWorkflowNode, taskNode, workflow } from "./graph-fixtures.js";

const none = new Set<string>();

describe("layoutGraph", () => {
  it("lays a chain out left to right", async () => {
    const closure = closureOf(workflow("wf", [taskNode("n0", "t.a"), taskNode("n1", "t.b", ["n0"])]));
    const model = buildGraphModel({ closure, nodeExecutions: [], expanded: none });
    const { boxes } = await layoutGraph(model);
    const x = (id: string): number => boxes.get(id)?.x ?? Number.NaN;
    expect(x("start-node")).toBeLessThan(x("n0"));
    expect(x("n0")).toBeLessThan(x("n1"));
    expect(x("n1")).toBeLessThan(x("end-node"));
    expect(boxes.get("n0")).toMatchObject(nodeSize(model.nodes[1]!));
  });

  it("routes every edge in canvas coordinates, from the source's right to the target's left", async () => {
    const sub = workflow("sub", [taskNode("s0", "t.a"), taskNode("s1", "t.b", ["s0"])]);
    const closure = closureOf(workflow("wf", [taskNode("n0", "t.a"), subWorkflowNode("n1", "sub", ["n0"])]), [sub]);
    const model = buildGraphModel({ closure, nodeExecutions: [], expanded: new Set(["n1"]) });
    const { boxes, routes } = await layoutGraph(model);
    expect([...routes.keys()].sort()).toEqual(model.edges.map((e) => e.id).sort());
    // The inner edge's route is in canvas coordinates: inside the container's box.
    const outer = boxes.get("n1");
    const inner = routes.get("n1/s0->n1/s1");
    expect(outer && inner).toBeTruthy();
    if (!outer || !inner) return;
    for (const p of inner) {
      expect(p.x).toBeGreaterThanOrEqual(outer.x);
      expect(p.x).toBeLessThanOrEqual(outer.x + outer.width);
    }
    const start = routes.get("n0->n1")?.[0];
    const n0 = boxes.get("n0");
    expect(start?.x).toBeCloseTo((n0?.x ?? 0) + (n0?.width ?? 0), 0);
  });

  it("sizes containers around their children, positioned inside them", async () => {
    const sub = workflow("sub", [taskNode("s0", "t.a"), taskNode("s1", "t.b", ["s0"])]);
    const closure = closureOf(
      workflow("wf", [
        subWorkflowNode("n0", "sub"),
        branchNode("n1", [taskNode("n1-n0", "t.c"), taskNode("n1-n1", "t.d")], undefined, ["n0"]),
      ]),
      [sub],
    );
    const model = buildGraphModel({ closure, nodeExecutions: [], expanded: new Set(["n0"]) });
    const elk = toElkGraph(model);
    expect(elk.children?.find((c) => c.id === "n0")?.children?.map((c) => c.id)).toEqual(["n0/s0", "n0/s1"]);
    const { boxes } = await layoutGraph(model);
    const outer = boxes.get("n0");
    const inner = boxes.get("n0/s1");
    expect(outer && inner).toBeTruthy();
    if (!outer || !inner) return;
    // Children are relative to the container and fit inside it.
    expect(inner.x + inner.width).toBeLessThanOrEqual(outer.width);
    expect(inner.y + inner.height).toBeLessThanOrEqual(outer.height);
    expect(inner.y).toBeGreaterThan(30); // below the header
    // Branch cases (no edges between them) stack vertically in one column.
    const c0 = boxes.get("n1/n1-n0");
    const c1 = boxes.get("n1/n1-n1");
    expect(c0?.x).toBe(c1?.x);
    expect(c0?.y).not.toBe(c1?.y);
  });

  it("lays out a grouped thousand-node fan-out well under a second", async () => {
    const fan = Array.from({ length: 1000 }, (_, i) => taskNode(`n${i + 1}`, "t.work", ["n0"]));
    const closure = closureOf(workflow("wf", [taskNode("n0", "t.split"), ...fan]));
    const t0 = performance.now();
    const model = buildGraphModel({ closure, nodeExecutions: [], expanded: none });
    const layout = await layoutGraph(model);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(layout.boxes.size).toBe(model.nodes.length);
  });
});
