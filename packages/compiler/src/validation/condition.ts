import { literalTypeForPrimitive, literalTypeForScalar, typesEqual } from "@flyte-ts/core";
import { typeToString } from "@flyte-ts/idl";
import type { BooleanExpression, Operand } from "@flyte-ts/idl/gen/flyteidl/core/condition_pb";
import type { LiteralType } from "@flyte-ts/idl/gen/flyteidl/core/types_pb";
import { CompileErrorCode, type ErrorSink } from "../errors.js";
import type { NodeState } from "../workflow/node-state.js";

/**
 * Validates a branch condition: every comparison's operands exist (a constant, or a variable that
 * is an input of the branch node) and have identical types — not merely castable ones.
 */
export function validateBooleanExpression(
  s: NodeState,
  expr: BooleanExpression | undefined,
  requireParamType: boolean,
  errs: ErrorSink,
): void {
  const id = s.node.id;
  if (!expr) {
    errs.add(CompileErrorCode.BranchNodeHasNoCondition, id, `branch node ${id}: a case has no condition`);
    return;
  }
  const e = expr.expr;
  switch (e.case) {
    case "comparison": {
      const right = operandType(s, "right operand", e.value.rightValue, requireParamType, errs);
      const left = operandType(s, "left operand", e.value.leftValue, requireParamType, errs);
      if (right && left && !typesEqual(right, left)) {
        errs.add(
          CompileErrorCode.MismatchingTypes,
          id,
          `branch node ${id}: a condition compares ${describe(e.value.leftValue)} of type ${typeToString(left)} with ${describe(e.value.rightValue)} of type ${typeToString(right)}; operands must have identical types`,
          "RightValue",
        );
      }
      return;
    }
    case "conjunction":
      validateBooleanExpression(s, e.value.leftExpression, requireParamType, errs);
      validateBooleanExpression(s, e.value.rightExpression, requireParamType, errs);
      return;
    case undefined:
      errs.add(
        CompileErrorCode.ValueRequired,
        id,
        `branch node ${id}: a condition has neither a comparison nor a conjunction`,
      );
  }
}

function describe(o: Operand | undefined): string {
  return o?.val.case === "var" ? `'${o.val.value}'` : "a constant";
}

function operandType(
  s: NodeState,
  what: string,
  operand: Operand | undefined,
  requireParamType: boolean,
  errs: ErrorSink,
): LiteralType | undefined {
  const id = s.node.id;
  const v = operand?.val;
  switch (v?.case) {
    case "primitive":
      return literalTypeForPrimitive(v.value);
    case "scalar":
      return literalTypeForScalar(v.value);
    case "var": {
      // Without an interface the variable cannot be typed; the interface errors already say why.
      if (!s.iface) return undefined;
      const param = s.iface.inputs?.variables[v.value];
      if (param) return param.type;
      if (!requireParamType && s.node.inputs.some((b) => b.var === v.value)) return undefined;
      errs.add(
        CompileErrorCode.VariableNameNotFound,
        id,
        `branch node ${id}: condition uses '${v.value}', which is not an input of the branch node (bind it in the node's inputs)`,
        v.value,
      );
      return undefined;
    }
    case undefined:
      errs.add(CompileErrorCode.ValueRequired, id, `branch node ${id}: a condition's ${what} is missing`);
      return undefined;
  }
}
