import type { Edge, Node } from "@xyflow/react";
import type { GraphModel, GraphNode } from "./graph-types.js";
import type { GraphLayout, Point } from "./layout.js";

export type GraphNodeData = { g: GraphNode; isSelected: boolean };
export type FlowNode = Node<GraphNodeData, "graph">;
export type RouteData = { points?: readonly Point[] };
export type FlowEdge = Edge<RouteData, "route">;

/** The structure a layout depends on (not phases): re-layout only when this changes. */
export function structureKey(model: GraphModel): string {
  const nodes = model.nodes.map(
    (n) => `${n.id}:${n.parentId ?? ""}:${n.kind}:${n.container ? 1 : 0}:${n.counts ? 1 : 0}`,
  );
  return `${nodes.join(";")}|${model.edges.map((e) => e.id).join(";")}`;
}

/**
 * React Flow nodes and edges for a laid-out model. Parents come before their children (React
 * Flow needs that); children are positioned relative to their container.
 */
export function toFlowElements(
  model: GraphModel,
  layout: GraphLayout,
  selectedNodeId: string | undefined,
): { nodes: FlowNode[]; edges: FlowEdge[] } {
  const nodes: FlowNode[] = [];
  const byId = new Map(model.nodes.map((m) => [m.id, m]));
  const depth = (n: GraphNode): number => {
    let d = 0;
    let p = n.parentId;
    while (p !== undefined && d < 50) {
      d++;
      p = byId.get(p)?.parentId;
    }
    return d;
  };
  const ordered = [...model.nodes].sort((a, b) => depth(a) - depth(b));
  for (const g of ordered) {
    const box = layout.boxes.get(g.id);
    if (!box) continue;
    nodes.push({
      id: g.id,
      type: "graph",
      position: { x: box.x, y: box.y },
      width: box.width,
      height: box.height,
      style: { width: box.width, height: box.height },
      data: { g, isSelected: g.executionNodeId !== "" && g.executionNodeId === selectedNodeId },
      ...(g.parentId !== undefined && layout.boxes.has(g.parentId)
        ? { parentId: g.parentId, extent: "parent" as const }
        : {}),
      draggable: false,
      connectable: false,
      selectable: false,
      focusable: false,
      zIndex: depth(g),
    });
  }
  const edges: FlowEdge[] = model.edges
    .filter((e) => layout.boxes.has(e.source) && layout.boxes.has(e.target))
    .map((e) => {
      const points = layout.routes.get(e.id);
      return {
        id: e.id,
        type: "route" as const,
        source: e.source,
        target: e.target,
        data: points ? { points } : {},
        className: e.dimmed ? "graph-edge graph-edge-dimmed" : "graph-edge",
        focusable: false,
        selectable: false,
        zIndex: 0,
      };
    });
  return { nodes, edges };
}
