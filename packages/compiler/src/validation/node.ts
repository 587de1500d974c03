import { CompileErrorCode } from "../errors.js";
import { END_NODE_ID, START_NODE_ID } from "../ids.js";
import { resolveKindInterface, validateKind } from "../node-validators.js";
import type { WorkflowContext } from "../workflow/context.js";
import type { NodeState } from "../workflow/node-state.js";
import { completeInterface, validateInterfaceVariables } from "./interface.js";
import { validateOutputAliases } from "./outputs.js";

/**
 * A node's effective interface (propeller's `ValidateUnderlyingInterface`), computed once per node
 * by the validator of its kind. Undefined when it could not be computed (errors say why).
 */
export function resolveInterface(ctx: WorkflowContext, s: NodeState) {
  if (s.ifaceResolved) return s.iface;
  s.ifaceResolved = true;
  const errs = ctx.shared.errors;
  const before = errs.count;
  const raw = resolveKindInterface(ctx, s);
  if (!raw) return undefined;
  const iface = completeInterface(raw);
  validateInterfaceVariables(s.node.id, iface, errs);
  if (errs.count !== before) return undefined;
  s.iface = iface;
  return iface;
}

/**
 * Validates one node (propeller's `ValidateNode`): id present, interface resolvable, output aliases
 * sound, upstream ids sorted (deterministic output), then the rules of the node's kind.
 */
export function validateNode(ctx: WorkflowContext, s: NodeState, validateConditionTypes: boolean): boolean {
  const errs = ctx.shared.errors;
  const before = errs.count;
  const node = s.node;
  if (node.id === "")
    errs.add(CompileErrorCode.ValueRequired, "<node>", "a node has an empty id; every node needs a unique id");
  if (node.id === START_NODE_ID || node.id === END_NODE_ID) return true;
  if (resolveInterface(ctx, s)) validateOutputAliases(s, errs);
  if (node.upstreamNodeIds.length > 1) node.upstreamNodeIds.sort();
  validateKind(ctx, s, validateConditionTypes);
  return errs.count === before;
}
