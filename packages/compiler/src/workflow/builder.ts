import type { Binding } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import type { VariableMap } from "@flyte-ts/idl/gen/flyteidl/core/interface_pb";
import type { Node, WorkflowTemplate } from "@flyte-ts/idl/gen/flyteidl/core/workflow_pb";
import { CompileErrorCode } from "../errors.js";
import { validateBindings } from "../validation/bindings.js";
import { resolveInterface, validateNode } from "../validation/node.js";
import type { WorkflowContext } from "./context.js";
import { EdgeDirection, type NodeState } from "./node-state.js";
import type { SharedState } from "./shared.js";

/** Adjacency as id → set of ids (insertion-ordered; sorted only when the output is written). */
export type Adjacency = Map<string, Set<string>>;

function link(adj: Adjacency, key: string, value: string): void {
  let set = adj.get(key);
  if (!set) {
    set = new Set();
    adj.set(key, set);
  }
  set.add(value);
}

/**
 * The state of one workflow under compilation: node states, the top-level node index and the
 * edges found so far. All lookups are maps, so building a workflow is linear in its size.
 */
export class WorkflowBuilder implements WorkflowContext {
  readonly shared: SharedState;
  readonly template: WorkflowTemplate;
  /** Top-level nodes plus start-node and end-node, by id. */
  readonly nodes = new Map<string, NodeState>();
  readonly upstream: Adjacency = new Map();
  readonly downstream: Adjacency = new Map();
  private readonly states = new Map<Node, NodeState>();

  constructor(options: { shared: SharedState; template: WorkflowTemplate }) {
    this.shared = options.shared;
    this.template = options.template;
  }

  state(node: Node): NodeState {
    let s = this.states.get(node);
    if (!s) {
      s = { node };
      this.states.set(node, s);
    }
    return s;
  }

  getNode(id: string): NodeState | undefined {
    return this.nodes.get(id);
  }

  /** Adds a top-level node; a second node with the same id is reported and ignored. */
  addNode(s: NodeState): boolean {
    const id = s.node.id;
    if (this.nodes.has(id)) {
      this.shared.errors.add(
        CompileErrorCode.DuplicateId,
        id,
        `node id '${id}' is used by more than one node; node ids must be unique in a workflow`,
      );
      return false;
    }
    this.nodes.set(id, s);
    return true;
  }

  addUpstreamEdge(from: string, to: string): void {
    link(this.upstream, to, from);
  }

  addExecutionEdge(from: string, to: string): void {
    link(this.downstream, from, to);
    link(this.upstream, to, from);
  }

  resolveInterface(s: NodeState) {
    return resolveInterface(this, s);
  }

  validateNode(s: NodeState, validateConditionTypes: boolean): boolean {
    return validateNode(this, s, validateConditionTypes);
  }

  validateBindings(
    s: NodeState,
    bindings: readonly Binding[],
    params: VariableMap | undefined,
    validateParamTypes: boolean,
    direction: EdgeDirection,
  ) {
    return validateBindings(this, s, bindings, params, validateParamTypes, direction);
  }

  addEdges(s: NodeState, direction: EdgeDirection): void {
    // Without an interface there is nothing to check the bindings against (errors already say why).
    if (!s.iface) return;
    const id = s.node.id;
    if (direction === EdgeDirection.Both) {
      for (const up of s.node.upstreamNodeIds) {
        if (this.nodes.has(up)) {
          this.addExecutionEdge(up, id);
        } else {
          this.shared.errors.add(
            CompileErrorCode.NodeReferenceNotFound,
            id,
            `node ${id}: lists '${up}' in upstream_node_ids, but the workflow has no node '${up}'`,
          );
        }
      }
    }
    this.validateBindings(s, s.node.inputs, s.iface.inputs, true, direction);
  }
}
