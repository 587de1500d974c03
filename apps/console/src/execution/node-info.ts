import type { NodeExecution } from "@flyte-ts/idl/gen/flyteidl/admin/node_execution_pb";
import { CatalogCacheStatus } from "@flyte-ts/idl/gen/flyteidl/core/catalog_pb";
import type { CompiledWorkflowClosure } from "@flyte-ts/idl/gen/flyteidl/core/compiler_pb";
import type { Identifier } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import type { TaskTemplate } from "@flyte-ts/idl/gen/flyteidl/core/tasks_pb";
import type { Node } from "@flyte-ts/idl/gen/flyteidl/core/workflow_pb";

/**
 * The spec nodes one list of node executions refers to (by spec node id), and every task template
 * known. Each scope has its own: the top level is the primary workflow, a sub-workflow node's
 * children its sub-workflow, a dynamic node's children the workflow it generated, a map's indices
 * its sub-node.
 */
export interface NodeIndex {
  readonly nodes: ReadonlyMap<string, Node>;
  /** For every id not in `nodes` (a map's indices). */
  readonly fallback?: Node | undefined;
  readonly tasks: ReadonlyMap<string, TaskTemplate>;
}

export const idKey = (id: Identifier | undefined): string =>
  id ? `${id.project}/${id.domain}/${id.name}/${id.version}` : "";

export const EMPTY_INDEX: NodeIndex = { nodes: new Map(), tasks: new Map() };

function tasksOf(closure: CompiledWorkflowClosure | undefined, into = new Map<string, TaskTemplate>()) {
  for (const t of closure?.tasks ?? []) if (t.template) into.set(idKey(t.template.id), t.template);
  return into;
}

/** Nodes of one workflow template, with the nodes nested in its branches. */
function scopeNodes(nodes: readonly Node[]): Map<string, Node> {
  const out = new Map<string, Node>();
  const visit = (n: Node | undefined) => {
    if (!n || out.has(n.id)) return;
    out.set(n.id, n);
    if (n.target.case === "branchNode") {
      const ie = n.target.value.ifElse;
      visit(ie?.case?.thenNode);
      for (const b of ie?.other ?? []) visit(b.thenNode);
      if (ie?.default.case === "elseNode") visit(ie.default.value);
    }
  };
  for (const n of nodes) visit(n);
  return out;
}

/** The top level of an execution: its workflow's nodes. */
export function indexClosure(closure: CompiledWorkflowClosure | undefined): NodeIndex {
  return { nodes: scopeNodes(closure?.primary?.template?.nodes ?? []), tasks: tasksOf(closure) };
}

/** The scope of a parent's children, from the parent's spec node (or the dynamic workflow it generated). */
export function childIndex(
  parent: Node | undefined,
  closure: CompiledWorkflowClosure | undefined,
  tasks: ReadonlyMap<string, TaskTemplate>,
  dynamicClosure?: CompiledWorkflowClosure,
): NodeIndex {
  if (dynamicClosure) {
    const all = tasksOf(dynamicClosure, new Map(tasks));
    return { nodes: scopeNodes(dynamicClosure.primary?.template?.nodes ?? []), tasks: all };
  }
  const t = parent?.target;
  if (t?.case === "arrayNode") return { nodes: new Map(), fallback: t.value.node, tasks };
  if (t?.case === "workflowNode" && t.value.reference.case === "subWorkflowRef") {
    const key = idKey(t.value.reference.value);
    const wf = closure?.subWorkflows.find((w) => idKey(w.template?.id) === key);
    return { nodes: scopeNodes(wf?.template?.nodes ?? []), tasks };
  }
  if (t?.case === "branchNode" && parent) {
    const nodes = scopeNodes([parent]);
    nodes.delete(parent.id);
    return { nodes, tasks };
  }
  return { nodes: new Map(), tasks };
}

export const specNode = (ne: NodeExecution, index: NodeIndex): Node | undefined =>
  index.nodes.get(ne.metadata?.specNodeId || ne.id?.nodeId || "") ?? index.fallback;

export function taskTemplateOf(ne: NodeExecution, index: NodeIndex): TaskTemplate | undefined {
  const n = specNode(ne, index);
  if (n?.target.case === "taskNode" && n.target.value.reference.case === "referenceId") {
    return index.tasks.get(idKey(n.target.value.reference.value));
  }
  if (n?.target.case === "arrayNode") {
    const sub = n.target.value.node;
    if (sub?.target.case === "taskNode" && sub.target.value.reference.case === "referenceId") {
      return index.tasks.get(idKey(sub.target.value.reference.value));
    }
  }
  return undefined;
}

/** What kind of node a row is: the task type, or sub-workflow / launch plan / branch / map / dynamic / gate. */
export function nodeTypeLabel(ne: NodeExecution, index: NodeIndex): string {
  if (ne.metadata?.isArray) return "map";
  if (ne.metadata?.isDynamic) return "dynamic";
  const n = specNode(ne, index);
  switch (n?.target.case) {
    case "taskNode":
      return taskTemplateOf(ne, index)?.type ?? "task";
    case "workflowNode":
      return n.target.value.reference.case === "launchplanRef" ? "launch plan" : "sub-workflow";
    case "branchNode":
      return "branch";
    case "gateNode":
      return "gate";
    case "arrayNode":
      return "map";
    case undefined:
      break;
  }
  if (ne.closure?.targetMetadata.case === "workflowNodeMetadata") return "child workflow";
  if (ne.closure?.targetMetadata.case === "taskNodeMetadata") return "task";
  return "—";
}

export const displayName = (ne: NodeExecution, index: NodeIndex): string => {
  const n = specNode(ne, index);
  return n?.metadata?.name && n.metadata.name !== n.id
    ? n.metadata.name
    : ne.metadata?.specNodeId || ne.id?.nodeId || "";
};

export function cacheStatusLabel(ne: NodeExecution): string {
  const t = ne.closure?.targetMetadata;
  if (t?.case !== "taskNodeMetadata") return "—";
  switch (t.value.cacheStatus) {
    case CatalogCacheStatus.CACHE_DISABLED:
      return "—";
    case CatalogCacheStatus.CACHE_MISS:
      return "miss";
    case CatalogCacheStatus.CACHE_HIT:
      return "hit";
    case CatalogCacheStatus.CACHE_POPULATED:
      return "populated";
    case CatalogCacheStatus.CACHE_LOOKUP_FAILURE:
      return "lookup failed";
    case CatalogCacheStatus.CACHE_PUT_FAILURE:
      return "put failed";
    case CatalogCacheStatus.CACHE_SKIPPED:
      return "skipped";
    case CatalogCacheStatus.CACHE_EVICTED:
      return "evicted";
    default:
      return "—";
  }
}

/** Rows that have children to list (sub-workflow, dynamic, map, branch). */
export const isExpandable = (ne: NodeExecution): boolean =>
  Boolean(ne.metadata?.isParentNode || ne.metadata?.isDynamic || ne.metadata?.isArray);

/** Flyte's synthetic start and end nodes, hidden from the table. */
export function isSynthetic(ne: NodeExecution): boolean {
  const id = ne.metadata?.specNodeId || ne.id?.nodeId || "";
  return id === "start-node" || id === "end-node" || id.endsWith("-start-node") || id.endsWith("-end-node");
}
