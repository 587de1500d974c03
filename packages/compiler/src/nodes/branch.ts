import { create } from "@bufbuild/protobuf";
import { typesEqual } from "@flyte-ts/core";
import { typeToString } from "@flyte-ts/idl";
import { TypedInterfaceSchema, VariableMapSchema, type Variable } from "@flyte-ts/idl/gen/flyteidl/core/interface_pb";
import type { BranchNode, Node } from "@flyte-ts/idl/gen/flyteidl/core/workflow_pb";
import { CompileErrorCode } from "../errors.js";
import type { NodeKindValidator } from "../node-validators.js";
import { validateBooleanExpression } from "../validation/condition.js";
import type { WorkflowContext } from "../workflow/context.js";
import { EdgeDirection, type NodeState } from "../workflow/node-state.js";

/**
 * A branch node (if / elif* / else|error). Its outputs are the outputs every case shares, with
 * identical types; its inputs are whatever it binds (the variables its conditions read). Case nodes
 * are renamed `<branchId>-<caseId>` (in the compiled output too, as Flyte does), validated like
 * top-level nodes, and record only upstream edges: the branch node itself is what the graph runs.
 */
export const branchNodeValidator: NodeKindValidator<"branchNode"> = {
  resolveInterface(ctx, s, target: BranchNode) {
    const id = s.node.id;
    const errs = ctx.shared.errors;
    const ifElse = target.ifElse;
    if (!ifElse?.case?.thenNode) {
      const what = !ifElse ? "if_else" : !ifElse.case ? "if_else.case" : "if_else.case.then_node";
      errs.add(CompileErrorCode.ValueRequired, id, `branch node ${id}: ${what} is required`);
      return undefined;
    }
    const before = errs.count;
    const cases: Node[] = [ifElse.case.thenNode];
    for (const other of ifElse.other) {
      if (other.thenNode) cases.push(other.thenNode);
      else errs.add(CompileErrorCode.ValueRequired, id, `branch node ${id}: an elif case has no then_node`);
    }
    if (ifElse.default.case === "elseNode") cases.push(ifElse.default.value);

    let outputs: Record<string, Variable> | undefined;
    let shared = new Set<string>();
    for (const caseNode of cases) {
      const child = ctx.state(caseNode);
      caseNode.id = `${id}-${caseNode.id}`;
      const childIface = ctx.resolveInterface(child);
      if (!childIface) continue;
      const childOutputs = childIface.outputs?.variables ?? {};
      if (outputs === undefined) {
        outputs = childOutputs;
        shared = new Set(Object.keys(childOutputs));
        continue;
      }
      const next = new Set<string>();
      for (const name of shared) {
        const a = outputs[name];
        const b = childOutputs[name];
        if (!a || !b) continue;
        next.add(name);
        if (!typesEqual(a.type, b.type)) {
          errs.add(
            CompileErrorCode.MismatchingTypes,
            caseNode.id,
            `branch node ${id}: output '${name}' is ${typeToString(a.type)} in one case but ${typeToString(b.type)} in case ${caseNode.id}; every case must produce identical types`,
            name,
          );
        }
      }
      shared = next;
    }
    const empty = create(VariableMapSchema);
    const { resolved } = ctx.validateBindings(s, s.node.inputs, empty, false, EdgeDirection.Upstream);
    if (errs.count !== before || outputs === undefined) return undefined;
    const kept: Record<string, Variable> = {};
    for (const name of shared) {
      const v = outputs[name];
      if (v) kept[name] = v;
    }
    return create(TypedInterfaceSchema, { inputs: resolved, outputs: create(VariableMapSchema, { variables: kept }) });
  },

  validate(ctx, s, target: BranchNode, validateConditionTypes) {
    validateBranchStructure(ctx, s, target, validateConditionTypes);
  },
};

function validateBranchStructure(
  ctx: WorkflowContext,
  s: NodeState,
  target: BranchNode,
  requireParamType: boolean,
): void {
  const id = s.node.id;
  const errs = ctx.shared.errors;
  const before = errs.count;
  const ifElse = target.ifElse;
  const blocks = [];
  if (!ifElse?.case) {
    errs.add(
      CompileErrorCode.BranchNodeHasNoCondition,
      id,
      `branch node ${id}: has no 'if' case (if_else.case is required)`,
    );
  } else {
    blocks.push(ifElse.case);
  }
  if (ifElse) blocks.push(...ifElse.other);
  const children: NodeState[] = [];
  for (const block of blocks) {
    validateBooleanExpression(s, block.condition, requireParamType, errs);
    if (block.thenNode) children.push(ctx.state(block.thenNode));
    else
      errs.add(
        CompileErrorCode.BranchNodeNotSpecified,
        id,
        `branch node ${id}: a case has a condition but no node to run (then_node)`,
      );
  }
  if (ifElse?.default.case === "elseNode") {
    children.push(ctx.state(ifElse.default.value));
  } else if (ifElse?.default.case !== "error") {
    errs.add(
      CompileErrorCode.BranchNodeHasNoDefault,
      id,
      `branch node ${id}: needs an else node or an else error, so that some case always applies`,
    );
  }
  const valid = children.filter((child) => ctx.validateNode(child, requireParamType));
  if (errs.count !== before) return;
  for (const child of valid) ctx.addEdges(child, EdgeDirection.Upstream);
}
