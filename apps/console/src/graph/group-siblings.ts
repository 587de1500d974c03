import type { Node } from "@flyte-ts/idl/gen/flyteidl/core/workflow_pb";
import { shortName } from "./describe-node.js";

/** Siblings are folded into a group only when at least this many look alike. */
export const MIN_GROUP_SIZE = 6;
/** A group this large stays folded even when asked to expand (the graph would not stay responsive). */
export const MAX_EXPANDED_GROUP = 200;

export interface SiblingGroup {
  readonly id: string;
  readonly label: string;
  readonly nodeIds: readonly string[];
  /** Drawn open: a box holding its members (asked for, and small enough). */
  readonly expanded: boolean;
}

/**
 * Folds look-alike siblings of one workflow level (same kind and entity, same upstream and
 * downstream nodes: the fan-out of a dynamic workflow or an unrolled loop) into groups, so a
 * level with a thousand nodes draws a handful of boxes. `members` maps each folded node to its
 * group id (the group's box carries their edges). A group in `expanded`, if no larger than
 * MAX_EXPANDED_GROUP, is drawn open with its members inside.
 */
export function groupSiblings(
  nodes: readonly Node[],
  edges: readonly (readonly [string, string])[],
  expanded: ReadonlySet<string>,
  idPrefix: string,
): { members: Map<string, string>; groups: SiblingGroup[] } {
  const up = new Map<string, string[]>();
  const down = new Map<string, string[]>();
  for (const [s, t] of edges) {
    (up.get(t) ?? up.set(t, []).get(t))?.push(s);
    (down.get(s) ?? down.set(s, []).get(s))?.push(t);
  }
  const bySignature = new Map<string, { label: string; ids: string[] }>();
  for (const n of nodes) {
    const entity = entityOf(n);
    const key = [
      n.target.case ?? "",
      entity,
      [...(up.get(n.id) ?? [])].sort().join(","),
      [...(down.get(n.id) ?? [])].sort().join(","),
    ].join("|");
    const entry = bySignature.get(key) ?? { label: shortName(entity) || (n.target.case ?? "node"), ids: [] };
    entry.ids.push(n.id);
    bySignature.set(key, entry);
  }
  const members = new Map<string, string>();
  const groups: SiblingGroup[] = [];
  for (const { label, ids } of bySignature.values()) {
    if (ids.length < MIN_GROUP_SIZE) continue;
    const id = `${idPrefix}group:${ids[0] ?? ""}`;
    groups.push({ id, label, nodeIds: ids, expanded: expanded.has(id) && ids.length <= MAX_EXPANDED_GROUP });
    for (const m of ids) members.set(m, id);
  }
  return { members, groups };
}

function entityOf(n: Node): string {
  const t = n.target;
  if (t.case === "taskNode" && t.value.reference.case === "referenceId") return t.value.reference.value.name;
  if (t.case === "workflowNode" && t.value.reference.case !== undefined) return t.value.reference.value.name;
  if (t.case === "arrayNode") return `map:${t.value.node?.id ?? ""}`;
  return n.metadata?.name ?? "";
}
