import { CompileErrorCode, type ErrorSink } from "../errors.js";
import { END_NODE_ID, START_NODE_ID } from "../ids.js";
import type { Adjacency } from "./builder.js";

const WHITE = 0;
const GREY = 1;
const BLACK = 2;

/**
 * Checks that the graph (downstream edges) has no cycle and that every node is reachable from
 * start-node. Iterative DFS with three colours: linear in nodes + edges and safe for deep chains.
 * A cycle is reported with its path (`start-node>n0>n1>n0`); unreachable nodes are listed.
 */
export function validateReachable(
  nodeIds: Iterable<string>,
  downstream: Adjacency,
  errs: ErrorSink,
  workflowName: string,
  reportUnreachable: boolean,
): void {
  const colour = new Map<string, number>();
  const cycle = dfs(START_NODE_ID, downstream, colour);
  if (cycle) {
    errs.add(
      CompileErrorCode.CycleDetected,
      START_NODE_ID,
      `${workflowName}: the graph has a cycle: ${cycle.join(">")}`,
    );
    return;
  }
  if (!reportUnreachable) return;
  const unreachable: string[] = [];
  for (const id of nodeIds) {
    if (id !== END_NODE_ID && (colour.get(id) ?? WHITE) === WHITE) unreachable.push(id);
  }
  if (unreachable.length === 0) return;
  unreachable.sort();
  // Nodes that wait on each other in a loop are unreachable from start-node: name the loop too.
  for (const id of unreachable) {
    if ((colour.get(id) ?? WHITE) !== WHITE) continue;
    const loop = dfs(id, downstream, colour);
    if (loop) {
      errs.add(CompileErrorCode.CycleDetected, id, `${workflowName}: the graph has a cycle: ${loop.join(">")}`);
      break;
    }
  }
  errs.add(
    CompileErrorCode.UnreachableNodes,
    START_NODE_ID,
    `${workflowName}: nodes ${unreachable.join(",")} cannot be reached from start-node (they depend on a node that never runs, or on each other)`,
  );
}

/** DFS from `root`; returns the path of the first cycle found, or undefined. */
function dfs(root: string, downstream: Adjacency, colour: Map<string, number>): string[] | undefined {
  const path: string[] = [root];
  const iters: Iterator<string>[] = [(downstream.get(root) ?? new Set<string>()).values()];
  colour.set(root, GREY);
  while (iters.length > 0) {
    const it = iters[iters.length - 1];
    const next = it?.next();
    if (!next || next.done) {
      const done = path.pop();
      if (done !== undefined) colour.set(done, BLACK);
      iters.pop();
      continue;
    }
    const id = next.value;
    const c = colour.get(id) ?? WHITE;
    if (c === GREY) return [...path, id];
    if (c === BLACK) continue;
    colour.set(id, GREY);
    path.push(id);
    iters.push((downstream.get(id) ?? new Set<string>()).values());
  }
  return undefined;
}
