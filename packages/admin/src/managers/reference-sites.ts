import { identifierKey } from "@flyte-ts/idl";
import type { Identifier } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import type { Node, WorkflowTemplate } from "@flyte-ts/idl/gen/flyteidl/core/workflow_pb";

/**
 * The first node (in the primary workflow or one of its sub-workflows) that references each task or
 * launch plan, keyed by `identifierKey`, so errors about a reference can name the node.
 */
export function referenceSites(
  primary: WorkflowTemplate,
  subWorkflows: readonly WorkflowTemplate[],
): Map<string, string> {
  const sites = new Map<string, string>();
  const note = (id: Identifier, nodeId: string) => {
    const key = identifierKey(id);
    if (!sites.has(key)) sites.set(key, nodeId);
  };
  const stack: Node[] = [];
  for (const wf of [primary, ...subWorkflows]) {
    stack.push(...wf.nodes);
    if (wf.failureNode) stack.push(wf.failureNode);
  }
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    const t = node.target;
    switch (t.case) {
      case "taskNode":
        if (t.value.reference.case === "referenceId") note(t.value.reference.value, node.id);
        break;
      case "workflowNode":
        if (t.value.reference.case === "launchplanRef") note(t.value.reference.value, node.id);
        break;
      case "branchNode": {
        const ifElse = t.value.ifElse;
        if (ifElse?.case?.thenNode) stack.push(ifElse.case.thenNode);
        for (const other of ifElse?.other ?? []) if (other.thenNode) stack.push(other.thenNode);
        if (ifElse?.default.case === "elseNode") stack.push(ifElse.default.value);
        break;
      }
      case "arrayNode":
        if (t.value.node) stack.push(t.value.node);
        break;
      case "gateNode":
      case undefined:
        break;
      default: {
        const never: never = t;
        throw new Error(`unhandled node target ${JSON.stringify(never)}`);
      }
    }
  }
  return sites;
}
