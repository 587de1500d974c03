import type { CompiledWorkflow, CompiledWorkflowClosure } from "@flyte-ts/idl/gen/flyteidl/core/compiler_pb";
import type { Identifier } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import type { Node } from "@flyte-ts/idl/gen/flyteidl/core/workflow_pb";

/** Reading a compiled workflow's structure: a node's upstream nodes, sub-workflows by id. */

export const START_NODE = "start-node";
export const END_NODE = "end-node";

/** Upstream node ids of `node`: the compiled connections, else its declared dependencies and bindings. */
export function upstreamOf(workflow: CompiledWorkflow, node: Node): string[] {
  const fromConnections = workflow.connections?.upstream[node.id]?.ids;
  if (fromConnections && fromConnections.length > 0) return [...new Set(fromConnections)];
  const ids = new Set(node.upstreamNodeIds);
  const bindings = node.id === END_NODE ? [...node.inputs, ...(workflow.template?.outputs ?? [])] : node.inputs;
  for (const b of bindings) collectPromiseNodes(b.binding, ids);
  return [...ids];
}

type BindingData = Node["inputs"][number]["binding"];

function collectPromiseNodes(data: BindingData, into: Set<string>): void {
  if (!data) return;
  const v = data.value;
  switch (v.case) {
    case "promise":
      into.add(v.value.nodeId);
      return;
    case "collection":
      for (const b of v.value.bindings) collectPromiseNodes(b, into);
      return;
    case "map":
      for (const b of Object.values(v.value.bindings)) collectPromiseNodes(b, into);
      return;
    case "scalar":
    case "offloadedMetadata":
    case undefined:
      return;
    default:
      return ((x: never) => x)(v);
  }
}

function sameId(a: Identifier | undefined, b: Identifier | undefined): boolean {
  return (
    a !== undefined &&
    b !== undefined &&
    a.name === b.name &&
    a.project === b.project &&
    a.domain === b.domain &&
    a.version === b.version
  );
}

export function findSubWorkflow(
  closure: CompiledWorkflowClosure | undefined,
  id: Identifier,
): CompiledWorkflow | undefined {
  return closure?.subWorkflows.find((w) => sameId(w.template?.id, id));
}
