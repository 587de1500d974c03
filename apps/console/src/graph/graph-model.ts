import type { NodeExecution } from "@flyte-ts/idl/gen/flyteidl/admin/node_execution_pb";
import type { CompiledWorkflow, CompiledWorkflowClosure } from "@flyte-ts/idl/gen/flyteidl/core/compiler_pb";
import type { Node } from "@flyte-ts/idl/gen/flyteidl/core/workflow_pb";
import { ExecutionIndex } from "./execution-index.js";
import { MAX_EXPANDED_GROUP, groupSiblings } from "./group-siblings.js";
import type { GraphEdge, GraphModel, GraphNode } from "./graph-types.js";
import { isTerminalClass, type PhaseClass } from "./phase-class.js";
import { describeNode } from "./describe-node.js";
import { END_NODE, START_NODE, findSubWorkflow, upstreamOf } from "./workflow-structure.js";

export interface GraphModelOptions {
  readonly closure: CompiledWorkflowClosure | undefined;
  readonly nodeExecutions: readonly NodeExecution[];
  /** Ids of expanded sub-workflows and groups. */
  readonly expanded: ReadonlySet<string>;
  /** A level with more nodes than this folds similar siblings into groups. */
  readonly groupThreshold?: number;
  /** Workflows that dynamic nodes generated, by the dynamic node's node-execution id. */
  readonly dynamicWorkflows?: ReadonlyMap<string, CompiledWorkflowClosure> | undefined;
}

interface Level {
  /** Container id in the model (undefined at top level). */
  readonly parentId: string | undefined;
  /** Unique id of the node that owns this level (undefined at top level). */
  readonly ownerUniqueId: string | undefined;
  readonly dimmed: boolean;
  /** The closure this level's sub-workflow references resolve in (a dynamic node's own closure). */
  readonly closure?: CompiledWorkflowClosure | undefined;
}

/**
 * The drawable graph of a compiled workflow: its nodes with their live phases and the edges
 * between them. Sub-workflows are collapsed unless their id is in `expanded`; branches are
 * always open and show their cases, the taken one lit and the others dimmed.
 */
export function buildGraphModel(options: GraphModelOptions): GraphModel {
  const primary = options.closure?.primary;
  if (!primary?.template) return { nodes: [], edges: [] };
  const builder = new ModelBuilder(options);
  builder.addWorkflow(primary, { parentId: undefined, ownerUniqueId: undefined, dimmed: false });
  return { nodes: builder.nodes, edges: builder.edges };
}

class ModelBuilder {
  readonly nodes: GraphNode[] = [];
  readonly edges: GraphEdge[] = [];
  readonly #options: GraphModelOptions;
  readonly #index: ExecutionIndex;

  constructor(options: GraphModelOptions) {
    this.#options = options;
    this.#index = new ExecutionIndex(options.nodeExecutions);
  }

  addWorkflow(workflow: CompiledWorkflow, level: Level): void {
    const topLevel = level.parentId === undefined;
    const all = workflow.template?.nodes ?? [];
    const specNodes = all.filter((n) => n.id !== START_NODE && n.id !== END_NODE);
    const ids = new Set(specNodes.map((n) => n.id));
    if (topLevel) {
      ids.add(START_NODE);
      ids.add(END_NODE);
    }
    const pairs: [string, string][] = [];
    for (const n of [...specNodes, ...all.filter((n) => n.id === END_NODE)]) {
      for (const up of upstreamOf(workflow, n)) if (ids.has(up) && ids.has(n.id) && up !== n.id) pairs.push([up, n.id]);
    }
    if (topLevel) {
      const hasUp = new Set(pairs.map(([, t]) => t));
      const hasDown = new Set(pairs.map(([s]) => s));
      for (const n of specNodes) {
        if (!hasUp.has(n.id)) pairs.push([START_NODE, n.id]);
        if (!hasDown.has(n.id)) pairs.push([n.id, END_NODE]);
      }
      if (specNodes.length === 0) pairs.push([START_NODE, END_NODE]);
    }
    const threshold = this.#options.groupThreshold ?? 60;
    const { members, groups } =
      specNodes.length > threshold
        ? groupSiblings(specNodes, pairs, this.#options.expanded, this.#pathOf(level, ""))
        : { members: new Map<string, string>(), groups: [] };
    if (topLevel) this.#addTerminal(START_NODE, "start");
    for (const g of groups) {
      const uniqueIds = g.nodeIds.map((id) => this.#uniqueIdOf(level, id));
      this.nodes.push({
        ...this.#base(g.id, level),
        kind: "group",
        label: `${g.nodeIds.length} × ${g.label}`,
        detail: `${g.nodeIds[0] ?? ""} … ${g.nodeIds[g.nodeIds.length - 1] ?? ""}`,
        phase: phaseOfCounts(uniqueIds.map((u) => this.#index.phaseOf(u))),
        expandable: g.nodeIds.length <= MAX_EXPANDED_GROUP,
        expanded: g.expanded,
        container: g.expanded,
        counts: countPhases(uniqueIds.map((u) => this.#index.phaseOf(u))),
      });
      if (!g.expanded) continue;
      const inGroup = new Set(g.nodeIds);
      for (const n of specNodes) if (inGroup.has(n.id)) this.addNode(n, { ...level, parentId: g.id });
    }
    for (const n of specNodes) if (!members.has(n.id)) this.addNode(n, level);
    if (topLevel) this.#addTerminal(END_NODE, "end");
    const seen = new Set<string>();
    for (const [s, t] of pairs) {
      const source = members.get(s) ?? this.#pathOf(level, s);
      const target = members.get(t) ?? this.#pathOf(level, t);
      const id = `${source}->${target}`;
      if (source === target || seen.has(id)) continue;
      seen.add(id);
      this.edges.push({
        id,
        source,
        target,
        ...(level.parentId === undefined ? {} : { parentId: level.parentId }),
        dimmed: level.dimmed,
      });
    }
  }

  addNode(node: Node, level: Level, caseLabel?: string, dimmed = level.dimmed): void {
    const id = this.#pathOf(level, node.id);
    const uniqueId = this.#uniqueIdOf(level, node.id);
    const execution = this.#index.get(uniqueId);
    const described = describeNode(node, execution);
    const live = this.#index.phaseOf(uniqueId);
    // A running gate is waiting (for a signal, an approval or its sleep to end).
    const phase =
      dimmed && !execution ? "skipped" : node.target.case === "gateNode" && live === "running" ? "waiting" : live;
    const base = { ...this.#base(id, level), executionNodeId: uniqueId, phase, dimmed };
    const withCase = caseLabel === undefined ? base : { ...base, caseLabel };
    const target = node.target;
    if (target.case === "branchNode") {
      const index = this.nodes.length;
      this.nodes.push({ ...withCase, ...described, container: true });
      const known = this.#addBranchCases(node, { ...level, parentId: id, ownerUniqueId: uniqueId, dimmed }, phase);
      if (!known && execution) this.nodes[index] = { ...withCase, ...described, container: true, needsChildren: true };
      return;
    }
    if (target.case === "workflowNode" && target.value.reference.case === "subWorkflowRef") {
      const sub =
        findSubWorkflow(level.closure, target.value.reference.value) ??
        findSubWorkflow(this.#options.closure, target.value.reference.value);
      const expanded = sub !== undefined && this.#options.expanded.has(id);
      const innerKnown =
        sub?.template?.nodes.some((n) => this.#index.get(this.#index.childId(uniqueId, n.id)) !== undefined) ?? false;
      const needsChildren = expanded && execution !== undefined && !innerKnown;
      this.nodes.push({
        ...withCase,
        ...described,
        container: expanded,
        expandable: sub !== undefined,
        expanded,
        ...(needsChildren ? { needsChildren } : {}),
      });
      if (sub && expanded) this.addWorkflow(sub, { ...level, parentId: id, ownerUniqueId: uniqueId, dimmed });
      return;
    }
    const dynamic = execution?.metadata?.isDynamic ? this.#options.dynamicWorkflows?.get(uniqueId) : undefined;
    if (target.case === "taskNode" && dynamic?.primary?.template) {
      this.#addDynamic(withCase, described, dynamic, { ...level, parentId: id, ownerUniqueId: uniqueId, dimmed });
      return;
    }
    const counts =
      target.case === "arrayNode" || execution?.metadata?.isParentNode === true
        ? this.#index.childCounts(uniqueId)
        : undefined;
    if (counts && counts.total > 0) {
      this.nodes.push({
        ...withCase,
        ...described,
        counts: counts.counts,
        detail: itemsDetail(described.detail, counts.total),
      });
      return;
    }
    const needsChildren =
      (target.case === "arrayNode" || execution?.metadata?.isParentNode === true) &&
      execution !== undefined &&
      phase !== "pending";
    this.nodes.push({ ...withCase, ...described, ...(needsChildren ? { needsChildren } : {}) });
  }

  /** A dynamic node with the workflow it generated: collapsed with child counts, or expanded in place. */
  #addDynamic(
    base: GraphNode,
    described: ReturnType<typeof describeNode>,
    dynamic: CompiledWorkflowClosure,
    inner: Level & { parentId: string; ownerUniqueId: string },
  ): void {
    const expanded = this.#options.expanded.has(inner.parentId);
    const { total, counts } = this.#index.childCounts(inner.ownerUniqueId);
    const summary = !expanded && total > 0 ? { counts, detail: itemsDetail(described.detail, total) } : {};
    this.nodes.push({ ...base, ...described, container: expanded, expandable: true, expanded, ...summary });
    if (expanded && dynamic.primary) this.addWorkflow(dynamic.primary, { ...inner, closure: dynamic });
  }

  /** Adds a branch's cases; returns whether any case has a node execution (is known to have run or been skipped). */
  #addBranchCases(branch: Node, level: Level, branchPhase: PhaseClass): boolean {
    if (branch.target.case !== "branchNode") return false;
    const ifElse = branch.target.value.ifElse;
    const cases: [Node, string][] = [];
    if (ifElse?.case?.thenNode) cases.push([ifElse.case.thenNode, "if"]);
    ifElse?.other.forEach((b, i) => {
      if (b.thenNode) cases.push([b.thenNode, `elif ${i + 1}`]);
    });
    if (ifElse?.default.case === "elseNode") cases.push([ifElse.default.value, "else"]);
    const taken = cases.find(([n]) => {
      const p = this.#index.phaseOf(this.#uniqueIdOf(level, n.id));
      return p !== "pending" && p !== "skipped";
    });
    const known = cases.some(([n]) => this.#index.get(this.#uniqueIdOf(level, n.id)) !== undefined);
    // Without the cases' node executions (not loaded yet) nothing is dimmed: which case ran is unknown.
    const decided = taken !== undefined || (known && isTerminalClass(branchPhase));
    for (const [n, label] of cases) {
      const dimmed = level.dimmed || (decided && n !== taken?.[0]);
      this.addNode(n, level, label, dimmed);
    }
    return known;
  }

  #addTerminal(id: typeof START_NODE | typeof END_NODE, kind: "start" | "end"): void {
    const phase = this.#index.phaseOf(id);
    this.nodes.push({
      ...this.#base(id, { parentId: undefined, ownerUniqueId: undefined, dimmed: false }),
      kind,
      label: kind === "start" ? "start" : "end",
      phase,
    });
  }

  #base(id: string, level: Level): GraphNode {
    return {
      id,
      ...(level.parentId === undefined ? {} : { parentId: level.parentId }),
      kind: "task",
      label: id,
      detail: "",
      executionNodeId: "",
      phase: "pending",
      dimmed: level.dimmed,
      container: false,
      expandable: false,
      expanded: this.#options.expanded.has(id),
    };
  }

  #pathOf(level: Level, specId: string): string {
    return level.parentId === undefined ? specId : `${level.parentId}/${specId}`;
  }

  #uniqueIdOf(level: Level, specId: string): string {
    return level.ownerUniqueId === undefined ? specId : this.#index.childId(level.ownerUniqueId, specId);
  }
}

function itemsDetail(detail: string, total: number): string {
  const items = `${total} ${total === 1 ? "item" : "items"}`;
  return detail === "" ? items : `${items} · ${detail}`;
}

export function countPhases(phases: readonly PhaseClass[]): Partial<Record<PhaseClass, number>> {
  const out: Partial<Record<PhaseClass, number>> = {};
  for (const p of phases) out[p] = (out[p] ?? 0) + 1;
  return out;
}

function phaseOfCounts(phases: readonly PhaseClass[]): PhaseClass {
  if (phases.some((p) => p === "failed")) return "failed";
  if (phases.every((p) => p === "succeeded" || p === "skipped")) return phases.length > 0 ? "succeeded" : "pending";
  if (phases.every((p) => p === "pending")) return "pending";
  return "running";
}
