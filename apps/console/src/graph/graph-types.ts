import type { PhaseClass } from "./phase-class.js";

/** How a graph node is drawn. `group` stands for many similar siblings folded into one box. */
export const GRAPH_NODE_KINDS = [
  "start",
  "end",
  "task",
  "subworkflow",
  "launchplan",
  "branch",
  "gate",
  "array",
  "group",
] as const;
export type GraphNodeKind = (typeof GRAPH_NODE_KINDS)[number];

/** Phase class → how many nodes are in it (array indices, dynamic children, grouped siblings). */
export type PhaseCounts = Readonly<Partial<Record<PhaseClass, number>>>;

export interface GraphNode {
  /** Unique in the model: the node's path of spec ids, `n1/n0` for `n0` inside `n1`. */
  readonly id: string;
  /** The expanded container (sub-workflow, branch or group) the node is drawn in. */
  readonly parentId?: string;
  readonly kind: GraphNodeKind;
  readonly label: string;
  /** Second line: task or workflow name, gate condition, number of items. */
  readonly detail: string;
  /** Node-execution id (unique id) handed to `onSelectNode`; empty for start/end/group. */
  readonly executionNodeId: string;
  readonly phase: PhaseClass;
  /** A branch case that was not taken. */
  readonly dimmed: boolean;
  /** Drawn as a box holding its children. */
  readonly container: boolean;
  /** Can be expanded or collapsed by the user. */
  readonly expandable: boolean;
  readonly expanded: boolean;
  /** Children's phases (array nodes, dynamic parents, groups). */
  readonly counts?: PhaseCounts;
  /** For a branch case: `if`, `elif 2`, `else`. */
  readonly caseLabel?: string;
  /** The node ran but its children's node executions are not among those given (load them). */
  readonly needsChildren?: boolean;
}

export interface GraphEdge {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  /** The container both ends are in (undefined at top level). */
  readonly parentId?: string;
  readonly dimmed: boolean;
}

export interface GraphModel {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}
