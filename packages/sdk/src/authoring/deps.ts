import type { BindingValue, GraphNode } from "./graph.js";
import { START_NODE } from "./refs.js";

/** The nodes `node` waits for: producers of its promises, explicit `sequence` edges, and for
 * branches everything their cases read from outside the branch. Never `start-node`. */
export function nodeDeps(node: GraphNode): Set<string> {
  const out = new Set<string>(node.after);
  for (const b of node.inputs.values()) bindingDeps(b, out);
  const t = node.target;
  if (t.kind === "branch") {
    const inner = [
      ...t.branch.cases.map((c) => c.node),
      ...("node" in t.branch.otherwise ? [t.branch.otherwise.node] : []),
    ];
    for (const n of inner) for (const d of nodeDeps(n)) out.add(d);
  }
  out.delete(START_NODE);
  for (const id of [...out]) if (id.startsWith(`${node.id}-`)) out.delete(id);
  return out;
}

function bindingDeps(b: BindingValue, out: Set<string>): void {
  switch (b.kind) {
    case "ref":
      out.add(b.ref.nodeId);
      return;
    case "value":
      return;
    case "list":
      b.items.forEach((i) => bindingDeps(i, out));
      return;
    case "map":
      Object.values(b.entries).forEach((i) => bindingDeps(i, out));
      return;
  }
}
