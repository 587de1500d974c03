import { nodeIdOf } from "./call.js";
import { nodeDeps } from "./deps.js";
import { AuthoringError, AuthoringErrorCode } from "./errors.js";
import { currentBuilder, type GraphBuilder, type GraphNode } from "./graph.js";

/**
 * Makes calls run in the given order even without data between them (flytekit's `a >> b`):
 * `sequence(setup, train, teardown)` where each argument is a call result.
 */
export function sequence(...calls: readonly unknown[]): void {
  const builder = currentBuilder();
  if (!builder)
    throw new AuthoringError(
      AuthoringErrorCode.InvalidWorkflowBody,
      "sequence(...) must be used inside a workflow body",
    );
  const nodes = calls.map((c, i) => {
    const id = nodeIdOf(c);
    const node = id === undefined ? undefined : builder.find(id);
    if (!node) {
      throw new AuthoringError(
        AuthoringErrorCode.InvalidWorkflowBody,
        `${builder.label}: argument ${i + 1} of sequence(...) is not the result of a call in this workflow`,
      );
    }
    return node;
  });
  for (let i = 1; i < nodes.length; i++) {
    const before = nodes[i - 1];
    const after = nodes[i];
    if (!before || !after || before === after) continue;
    const path = pathBetween(builder, before, after.id);
    if (path) {
      throw new AuthoringError(
        AuthoringErrorCode.CycleDetected,
        `${builder.label}: running ${after.label} after ${before.label} makes a cycle: ${[after.id, ...path].join(" -> ")}`,
        { node: after.id },
      );
    }
    after.after.add(before.id);
  }
}

/** A dependency path from `from` to `to` (ids after `from`), if `from` already waits for `to`. */
function pathBetween(
  builder: GraphBuilder,
  from: GraphNode,
  to: string,
  seen = new Set<string>(),
): string[] | undefined {
  for (const dep of nodeDeps(from)) {
    if (dep === to) return [from.id, to];
    if (seen.has(dep)) continue;
    seen.add(dep);
    const next = builder.find(dep);
    const rest = next ? pathBetween(builder, next, to, seen) : undefined;
    if (rest) return [from.id, ...rest];
  }
  return undefined;
}
