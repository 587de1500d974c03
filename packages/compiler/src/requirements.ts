import type { Identifier } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import type { Node, WorkflowTemplate } from "@flyte-ts/idl/gen/flyteidl/core/workflow_pb";
import { idKey } from "./ids.js";

/** A referenced entity and the node that references it. */
export interface Reference {
  readonly id: Identifier;
  readonly nodeId: string;
}

/** Everything a workflow references, with the nodes that do (first reference wins). */
export interface References {
  readonly tasks: Map<string, Reference>;
  readonly launchPlans: Map<string, Reference>;
  /** Sub-workflow references that name no provided sub-workflow. */
  readonly missingSubWorkflows: Map<string, Reference>;
}

/**
 * The task and launch-plan ids a workflow needs (propeller's `GetRequirements`), found by walking
 * every node, branch cases and else, array sub-nodes and the failure node, and following
 * sub-workflow references into the provided sub-workflow templates. Fetch these, compile the
 * tasks, then call `compileWorkflow`. Ids are deduplicated and sorted.
 */
export function getRequirements(
  primary: WorkflowTemplate,
  subWorkflows: readonly WorkflowTemplate[],
): { tasks: Identifier[]; launchPlans: Identifier[] } {
  const refs = collectReferences(primary, subWorkflows);
  const sorted = (m: Map<string, Reference>): Identifier[] =>
    [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r.id);
  return { tasks: sorted(refs.tasks), launchPlans: sorted(refs.launchPlans) };
}

/** Walks the workflow (iteratively: deep graphs never overflow the stack). */
export function collectReferences(primary: WorkflowTemplate, subWorkflows: readonly WorkflowTemplate[]): References {
  const subs = new Map<string, WorkflowTemplate>();
  for (const wf of subWorkflows) subs.set(idKey(wf.id), wf);
  const refs: References = { tasks: new Map(), launchPlans: new Map(), missingSubWorkflows: new Map() };
  const visitedWorkflows = new Set<string>([idKey(primary.id)]);
  const stack: Node[] = [];
  const pushWorkflow = (wf: WorkflowTemplate): void => {
    stack.push(...wf.nodes);
    if (wf.failureNode) stack.push(wf.failureNode);
  };
  pushWorkflow(primary);
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    const t = node.target;
    switch (t.case) {
      case "taskNode":
        if (t.value.reference.case === "referenceId") add(refs.tasks, t.value.reference.value, node.id);
        break;
      case "workflowNode": {
        const r = t.value.reference;
        if (r.case === "launchplanRef") add(refs.launchPlans, r.value, node.id);
        else if (r.case === "subWorkflowRef") {
          const key = idKey(r.value);
          const sub = subs.get(key);
          if (!sub) add(refs.missingSubWorkflows, r.value, node.id);
          else if (!visitedWorkflows.has(key)) {
            visitedWorkflows.add(key);
            pushWorkflow(sub);
          }
        }
        break;
      }
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
    }
  }
  return refs;
}

function add(m: Map<string, Reference>, id: Identifier, nodeId: string): void {
  const key = idKey(id);
  if (!m.has(key)) m.set(key, { id, nodeId });
}
