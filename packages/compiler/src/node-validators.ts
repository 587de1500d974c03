import type { TypedInterface } from "@flyte-ts/idl/gen/flyteidl/core/interface_pb";
import type { Node } from "@flyte-ts/idl/gen/flyteidl/core/workflow_pb";
import { CompileErrorCode } from "./errors.js";
import { arrayNodeValidator } from "./nodes/array.js";
import { branchNodeValidator } from "./nodes/branch.js";
import { gateNodeValidator } from "./nodes/gate.js";
import { taskNodeValidator } from "./nodes/task.js";
import { workflowNodeValidator } from "./nodes/workflow.js";
import type { WorkflowContext } from "./workflow/context.js";
import type { NodeState } from "./workflow/node-state.js";

/** The kinds of node a workflow can hold: the cases of `Node.target`. */
export type NodeKind = NonNullable<Node["target"]["case"]>;
/** The target message of a node of kind `K`. */
export type NodeTarget<K extends NodeKind> = Extract<Node["target"], { case: K }>["value"];

/** The compile-time rules of one node kind. */
export interface NodeKindValidator<K extends NodeKind> {
  /** Computes the node's effective interface; reports and returns undefined when it cannot. */
  resolveInterface(ctx: WorkflowContext, s: NodeState, target: NodeTarget<K>): TypedInterface | undefined;
  /** Kind-specific checks once the interface is known (branch structure, sub-workflow compilation). */
  validate(ctx: WorkflowContext, s: NodeState, target: NodeTarget<K>, validateConditionTypes: boolean): void;
}

/** One validator per node kind: adding a kind to flyteidl without a validator fails to compile. */
export const nodeValidators: { readonly [K in NodeKind]: NodeKindValidator<K> } = {
  taskNode: taskNodeValidator,
  workflowNode: workflowNodeValidator,
  branchNode: branchNodeValidator,
  gateNode: gateNodeValidator,
  arrayNode: arrayNodeValidator,
};

/** Computes a node's interface with the validator of its kind; reports a node without a target. */
export function resolveKindInterface(ctx: WorkflowContext, s: NodeState): TypedInterface | undefined {
  const t = s.node.target;
  switch (t.case) {
    case "taskNode":
      return nodeValidators.taskNode.resolveInterface(ctx, s, t.value);
    case "workflowNode":
      return nodeValidators.workflowNode.resolveInterface(ctx, s, t.value);
    case "branchNode":
      return nodeValidators.branchNode.resolveInterface(ctx, s, t.value);
    case "gateNode":
      return nodeValidators.gateNode.resolveInterface(ctx, s, t.value);
    case "arrayNode":
      return nodeValidators.arrayNode.resolveInterface(ctx, s, t.value);
    case undefined:
      ctx.shared.errors.add(
        CompileErrorCode.ValueRequired,
        s.node.id,
        `node ${s.node.id}: has no target (a task, workflow, branch, gate or array node is required)`,
      );
      return undefined;
  }
}

/** Runs the kind-specific checks of a node. */
export function validateKind(ctx: WorkflowContext, s: NodeState, validateConditionTypes: boolean): void {
  const t = s.node.target;
  switch (t.case) {
    case "taskNode":
      return nodeValidators.taskNode.validate(ctx, s, t.value, validateConditionTypes);
    case "workflowNode":
      return nodeValidators.workflowNode.validate(ctx, s, t.value, validateConditionTypes);
    case "branchNode":
      return nodeValidators.branchNode.validate(ctx, s, t.value, validateConditionTypes);
    case "gateNode":
      return nodeValidators.gateNode.validate(ctx, s, t.value, validateConditionTypes);
    case "arrayNode":
      return nodeValidators.arrayNode.validate(ctx, s, t.value, validateConditionTypes);
    case undefined:
      return;
  }
}
