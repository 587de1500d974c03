import type { NodeExecution } from "@flyte-ts/idl/gen/flyteidl/admin/node_execution_pb";
import { CatalogCacheStatus } from "@flyte-ts/idl/gen/flyteidl/core/catalog_pb";
import type { CompiledWorkflowClosure } from "@flyte-ts/idl/gen/flyteidl/core/compiler_pb";
import type { Identifier } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import type { TaskTemplate } from "@flyte-ts/idl/gen/flyteidl/core/tasks_pb";
import type { Node } from "@flyte-ts/idl/gen/flyteidl/core/workflow_pb";

/** Workflow nodes of a compiled closure by id (primary first, then sub-workflows, nested nodes included). */
export interface NodeIndex {
  readonly nodes: ReadonlyMap<string, Node>;
  readonly tasks: ReadonlyMap<string, TaskTemplate>;
}

export const idKey = (id: Identifier | undefined): string =>
  id ? `${id.project}/${id.domain}/${id.name}/${id.version}` : "";

export function indexClosure(closure: CompiledWorkflowClosure | undefined): NodeIndex {
  const nodes = new Map<string, Node>();
  const tasks = new Map<string, TaskTemplate>();
  const visit = (n: Node | undefined) => {
    if (!n) return;
    if (!nodes.has(n.id)) nodes.set(n.id, n);
    const t = n.target;
    if (t.case === "branchNode") {
      const ie = t.value.ifElse;
      visit(ie?.case?.thenNode);
      for (const b of ie?.other ?? []) visit(b.thenNode);
      if (ie?.default.case === "elseNode") visit(ie.default.value);
    } else if (t.case === "arrayNode") visit(t.value.node);
  };
  for (const n of closure?.primary?.template?.nodes ?? []) visit(n);
  for (const wf of closure?.subWorkflows ?? []) for (const n of wf.template?.nodes ?? []) visit(n);
  for (const t of closure?.tasks ?? []) if (t.template) tasks.set(idKey(t.template.id), t.template);
  return { nodes, tasks };
}

export const specNode = (ne: NodeExecution, index: NodeIndex): Node | undefined =>
  index.nodes.get(ne.metadata?.specNodeId || ne.id?.nodeId || "");

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
export const isSynthetic = (ne: NodeExecution): boolean =>
  ne.id?.nodeId === "start-node" || ne.id?.nodeId === "end-node";
