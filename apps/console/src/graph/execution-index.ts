import type { NodeExecution } from "@flyte-ts/idl/gen/flyteidl/admin/node_execution_pb";
import { childNodeUniqueId } from "./node-ids.js";
import { nodePhaseClass, type PhaseClass } from "./phase-class.js";
import type { PhaseCounts } from "./graph-types.js";

/** How many attempts of a parent node we look for when matching nested node executions. */
const MAX_PARENT_ATTEMPTS = 8;

/** Node executions by their node id (the unique id), with lookups for nested nodes. */
export class ExecutionIndex {
  readonly #byId = new Map<string, NodeExecution>();
  readonly #all: readonly NodeExecution[];

  constructor(nodeExecutions: readonly NodeExecution[]) {
    this.#all = nodeExecutions;
    for (const ne of nodeExecutions) {
      const id = ne.id?.nodeId;
      if (id !== undefined && id !== "") this.#byId.set(id, ne);
    }
  }

  get(uniqueId: string): NodeExecution | undefined {
    return this.#byId.get(uniqueId);
  }

  phaseOf(uniqueId: string): PhaseClass {
    return nodePhaseClass(this.#byId.get(uniqueId)?.closure?.phase);
  }

  /** The unique id of spec node `childId` nested in `parentUniqueId`: the latest parent attempt that has it. */
  childId(parentUniqueId: string, childId: string): string {
    let found = childNodeUniqueId(parentUniqueId, 0, childId);
    for (let attempt = 1; attempt < MAX_PARENT_ATTEMPTS; attempt++) {
      const id = childNodeUniqueId(parentUniqueId, attempt, childId);
      if (this.#byId.has(id)) found = id;
    }
    return found;
  }

  /**
   * Phase counts of the nested node executions of `parentUniqueId` (map indices, dynamic
   * children): ids `<parent>-<attempt>-<child>` and, for hashed ids, array indices 0, 1, ….
   */
  childCounts(parentUniqueId: string): { total: number; counts: PhaseCounts } {
    const seen = new Set<string>();
    const prefix = new RegExp(`^${escapeRegExp(parentUniqueId)}-\\d+-`);
    for (const ne of this.#all) {
      const id = ne.id?.nodeId ?? "";
      if (prefix.test(id)) seen.add(id);
    }
    for (let i = 0; i < this.#all.length; i++) {
      const id = childNodeUniqueId(parentUniqueId, 0, String(i));
      if (!this.#byId.has(id)) break;
      seen.add(id);
    }
    const counts: Partial<Record<PhaseClass, number>> = {};
    for (const id of seen) {
      const p = this.phaseOf(id);
      counts[p] = (counts[p] ?? 0) + 1;
    }
    return { total: seen.size, counts };
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Adds counts together. */
export function addCounts(a: PhaseCounts, b: PhaseCounts): PhaseCounts {
  const out: Partial<Record<PhaseClass, number>> = { ...a };
  for (const [k, v] of Object.entries(b) as [PhaseClass, number][]) out[k] = (out[k] ?? 0) + v;
  return out;
}

/** The phase a set of counts sums up to: failed over running over queued over succeeded. */
export function dominantPhase(counts: PhaseCounts): PhaseClass {
  const order: PhaseClass[] = ["failed", "running", "waiting", "queued", "aborted", "pending", "succeeded", "skipped"];
  const total = Object.values(counts).reduce((s, v) => s + (v ?? 0), 0);
  if (total === 0) return "pending";
  if ((counts.succeeded ?? 0) + (counts.skipped ?? 0) === total)
    return (counts.succeeded ?? 0) > 0 ? "succeeded" : "skipped";
  if ((counts.pending ?? 0) === total) return "pending";
  for (const p of order) {
    if ((counts[p] ?? 0) > 0 && p !== "pending" && p !== "succeeded") return p;
  }
  return "running";
}
