import type { Binding } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import type { TypedInterface, VariableMap } from "@flyte-ts/idl/gen/flyteidl/core/interface_pb";
import type { Node, WorkflowTemplate } from "@flyte-ts/idl/gen/flyteidl/core/workflow_pb";
import type { EdgeDirection, NodeState } from "./node-state.js";
import type { SharedState } from "./shared.js";

/**
 * The view of one workflow under compilation that validators work against (propeller's
 * `WorkflowBuilder`). Validators never mutate state except through these methods.
 */
export interface WorkflowContext {
  readonly shared: SharedState;
  readonly template: WorkflowTemplate;
  /** The builder state of a node object (created on first use, keyed by object identity). */
  state(node: Node): NodeState;
  /** A top-level node (or start/end node) by id. */
  getNode(id: string): NodeState | undefined;
  addUpstreamEdge(from: string, to: string): void;
  addExecutionEdge(from: string, to: string): void;
  /** Computes (once) and returns a node's effective interface, or undefined after reporting errors. */
  resolveInterface(s: NodeState): TypedInterface | undefined;
  /** Validates a node (interface, aliases, kind-specific rules). True when it added no error. */
  validateNode(s: NodeState, validateConditionTypes: boolean): boolean;
  /** Validates a node's bindings against `params`, recording edges to producers. */
  validateBindings(
    s: NodeState,
    bindings: readonly Binding[],
    params: VariableMap | undefined,
    validateParamTypes: boolean,
    direction: EdgeDirection,
  ): { resolved: VariableMap; ok: boolean };
  /** Adds a node's explicit edges (when `Both`) and its binding edges. */
  addEdges(s: NodeState, direction: EdgeDirection): void;
}
