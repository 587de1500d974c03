import { identifierKey } from "@flyte-ts/idl";
import type { Execution } from "@flyte-ts/idl/gen/flyteidl/admin/execution_pb";
import type { Node, WorkflowTemplate } from "@flyte-ts/idl/gen/flyteidl/core/workflow_pb";
import type { Remote } from "../../remote/remote-client.js";

interface NodeInfo {
  readonly name: string;
  /** The sub-workflow a workflow node runs: where its children's names come from. */
  readonly sub?: WorkflowTemplate;
}

/**
 * Names of an execution's nodes (`t1`, `mySubwf` rather than `n0`, `n1-0-n0`), from the compiled
 * workflow it runs: top-level nodes from the primary template, children of a sub-workflow node
 * from that sub-workflow. Nodes it cannot name (dynamic children) keep their id.
 */
export class NodeNames {
  readonly #byNode = new Map<string, NodeInfo>();
  readonly #subs = new Map<string, WorkflowTemplate>();
  #primary: WorkflowTemplate | undefined;

  /** Reads the compiled workflow of `execution`; without it every node is shown by id. */
  static async of(remote: Remote, execution: Execution): Promise<NodeNames> {
    const names = new NodeNames();
    const wfId = execution.closure?.workflowId;
    if (!wfId) return names;
    try {
      const compiled = (await remote.admin.getWorkflow({ id: wfId })).closure?.compiledWorkflow;
      names.#primary = compiled?.primary?.template;
      for (const s of compiled?.subWorkflows ?? [])
        if (s.template?.id) names.#subs.set(identifierKey(s.template.id), s.template);
    } catch {
      // Names are a nicety: node ids are shown instead.
    }
    return names;
  }

  /** The name of node `nodeId` (spec id `specNodeId`) under `parent` (undefined: top level). */
  name(nodeId: string, specNodeId: string, parent: string | undefined): string {
    const known = this.#byNode.get(nodeId);
    if (known) return known.name;
    const template = parent === undefined ? this.#primary : this.#byNode.get(parent)?.sub;
    const node = template?.nodes.find((n) => n.id === specNodeId);
    if (!node) return nodeId;
    const info = this.#info(node);
    this.#byNode.set(nodeId, info);
    return info.name;
  }

  #info(n: Node): NodeInfo {
    const t = n.target;
    const ref =
      t.case === "taskNode" && t.value.reference.case === "referenceId"
        ? t.value.reference.value.name
        : t.case === "workflowNode"
          ? t.value.reference.value?.name
          : undefined;
    const sub =
      t.case === "workflowNode" && t.value.reference.case === "subWorkflowRef"
        ? this.#subs.get(identifierKey(t.value.reference.value))
        : undefined;
    return { name: n.metadata?.name || ref || n.id, ...(sub ? { sub } : {}) };
  }
}
