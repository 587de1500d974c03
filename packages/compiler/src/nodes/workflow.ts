import { create } from "@bufbuild/protobuf";
import {
  TypedInterfaceSchema,
  VariableMapSchema,
  type TypedInterface,
  type Variable,
} from "@flyte-ts/idl/gen/flyteidl/core/interface_pb";
import type { WorkflowNode } from "@flyte-ts/idl/gen/flyteidl/core/workflow_pb";
import { CompileErrorCode } from "../errors.js";
import { idKey, idString } from "../ids.js";
import type { NodeKindValidator } from "../node-validators.js";
import { isOptional } from "../validation/bindings.js";
import { completeInterface } from "../validation/interface.js";
import type { WorkflowContext } from "../workflow/context.js";
import type { NodeState } from "../workflow/node-state.js";
import type { LaunchPlanInterface } from "../workflow/shared.js";

/**
 * A workflow node calls a launch plan (a separate child execution: only its interface matters) or a
 * sub-workflow (compiled inline, once, and reused by every node that calls it).
 */
export const workflowNodeValidator: NodeKindValidator<"workflowNode"> = {
  resolveInterface(ctx, s, target: WorkflowNode) {
    const id = s.node.id;
    const errs = ctx.shared.errors;
    const ref = target.reference;
    switch (ref.case) {
      case "launchplanRef": {
        // A launch plan of the workflow being compiled (recursion) exposes the workflow's own interface.
        if (idKey(ref.value) === idKey(ctx.template.id)) return completeInterface(ctx.template.interface);
        const lp = ctx.shared.launchPlans.get(idKey(ref.value));
        if (!lp) {
          errs.add(
            CompileErrorCode.WorkflowReferenceNotFound,
            id,
            `node ${id}: references ${idString(ref.value)}, which was not provided to the compiler`,
          );
          return undefined;
        }
        return launchPlanNodeInterface(s, lp);
      }
      case "subWorkflowRef": {
        const sub = ctx.shared.subWorkflows.get(idKey(ref.value));
        if (!sub) {
          errs.add(
            CompileErrorCode.WorkflowReferenceNotFound,
            id,
            `node ${id}: references sub-workflow ${idString(ref.value)}, which was not provided to the compiler`,
          );
          return undefined;
        }
        return completeInterface(sub.interface);
      }
      case undefined:
        errs.add(
          CompileErrorCode.WorkflowReferenceNotFound,
          id,
          `node ${id}: workflow node references neither a launch plan nor a sub-workflow`,
        );
        return undefined;
    }
  },
  validate(ctx, s, target: WorkflowNode) {
    if (target.reference.case === "subWorkflowRef") compileSubWorkflowOnce(ctx, s, target.reference.value);
  },
};

/**
 * A launch-plan node's inputs are the launch plan's required parameters plus any optional one the
 * node binds explicitly (the others keep their defaults); its outputs are the launch plan's.
 */
function launchPlanNodeInterface(s: NodeState, lp: LaunchPlanInterface): TypedInterface {
  const bound = new Set(s.node.inputs.map((b) => b.var));
  const exposed: Record<string, Variable> = {};
  const params = lp.expectedInputs?.parameters;
  if (params) {
    for (const [name, p] of Object.entries(params)) {
      const required = p.behavior.case === "required" && p.behavior.value;
      if (p.var && (required || bound.has(name))) exposed[name] = p.var;
    }
  } else {
    for (const [name, v] of Object.entries(lp.interface.inputs?.variables ?? {})) {
      if (!isOptional(v.type) || bound.has(name)) exposed[name] = v;
    }
  }
  return create(TypedInterfaceSchema, {
    inputs: create(VariableMapSchema, { variables: exposed }),
    outputs: lp.interface.outputs ?? create(VariableMapSchema),
  });
}

function compileSubWorkflowOnce(ctx: WorkflowContext, s: NodeState, ref: Parameters<typeof idKey>[0]): void {
  const key = idKey(ref);
  const shared = ctx.shared;
  if (shared.compiledSubWorkflows.has(key)) {
    if (shared.compiledSubWorkflows.get(key) === "in-progress") {
      shared.errors.add(
        CompileErrorCode.CycleDetected,
        s.node.id,
        `node ${s.node.id}: sub-workflow ${idString(ref)} calls itself (directly or through other sub-workflows)`,
      );
    }
    return;
  }
  const template = shared.subWorkflows.get(key);
  if (!template) return; // reported while resolving the interface
  shared.compiledSubWorkflows.set(key, "in-progress");
  const compiled = shared.compileSubWorkflow(template);
  shared.compiledSubWorkflows.set(key, compiled ?? "failed");
}
