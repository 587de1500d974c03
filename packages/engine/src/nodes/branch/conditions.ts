import {
  ComparisonExpression_Operator,
  ConjunctionExpression_LogicalOperator,
  type BooleanExpression,
  type ComparisonExpression,
  type Operand,
} from "@flyte-ts/idl/gen/flyteidl/core/condition_pb";
import type { Literal, LiteralMap, Primitive, Scalar } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { UserError } from "@flyte-ts/core";
import { EngineErrorCode } from "../../model/node-error.js";

type Value = number | bigint | string | boolean | null;

/** Evaluates a branch condition on the node's inputs (EQ/NEQ/GT/GTE/LT/LTE, AND/OR). */
export function evaluateCondition(expr: BooleanExpression | undefined, inputs: LiteralMap): boolean {
  const e = expr?.expr;
  switch (e?.case) {
    case "conjunction": {
      const left = evaluateCondition(e.value.leftExpression, inputs);
      if (e.value.operator === ConjunctionExpression_LogicalOperator.AND)
        return left && evaluateCondition(e.value.rightExpression, inputs);
      return left || evaluateCondition(e.value.rightExpression, inputs);
    }
    case "comparison":
      return compare(e.value, inputs);
    case undefined:
      throw fail("a branch condition is empty");
  }
}

function compare(c: ComparisonExpression, inputs: LiteralMap): boolean {
  let l = operand(c.leftValue, inputs);
  let r = operand(c.rightValue, inputs);
  if (typeof l === "bigint" && typeof r === "number") l = Number(l);
  if (typeof r === "bigint" && typeof l === "number") r = Number(r);
  switch (c.operator) {
    case ComparisonExpression_Operator.EQ:
      return l === r;
    case ComparisonExpression_Operator.NEQ:
      return l !== r;
    case ComparisonExpression_Operator.GT:
      return ordered(l, r) > 0;
    case ComparisonExpression_Operator.GTE:
      return ordered(l, r) >= 0;
    case ComparisonExpression_Operator.LT:
      return ordered(l, r) < 0;
    case ComparisonExpression_Operator.LTE:
      return ordered(l, r) <= 0;
    default:
      throw fail(`unknown comparison operator ${String(c.operator)}`);
  }
}

function ordered(l: Value, r: Value): number {
  if (l === null || r === null || typeof l === "boolean" || typeof r === "boolean" || typeof l !== typeof r) {
    throw fail(`cannot order ${JSON.stringify(String(l))} and ${JSON.stringify(String(r))}`);
  }
  return l < r ? -1 : l > r ? 1 : 0;
}

function operand(o: Operand | undefined, inputs: LiteralMap): Value {
  const v = o?.val;
  switch (v?.case) {
    case "primitive":
      return primitive(v.value);
    case "scalar":
      return scalar(v.value);
    case "var": {
      const lit = inputs.literals[v.value];
      if (!lit) throw fail(`branch condition refers to ${v.value}, which is not an input of the branch node`);
      return literal(lit);
    }
    case undefined:
      throw fail("a comparison operand is empty");
  }
}

function literal(lit: Literal): Value {
  if (lit.value.case !== "scalar")
    throw fail(`a condition can only compare scalars, got a ${lit.value.case ?? "empty"} literal`);
  return scalar(lit.value.value);
}

function scalar(s: Scalar): Value {
  const v = s.value;
  switch (v.case) {
    case "primitive":
      return primitive(v.value);
    case "noneType":
      return null;
    case "union":
      return v.value.value ? literal(v.value.value) : null;
    case "binary":
    case "blob":
    case "error":
    case "generic":
    case "schema":
    case "structuredDataset":
    case undefined:
      throw fail(`a condition cannot compare a ${v.case ?? "empty"} value`);
  }
}

function primitive(p: Primitive): Value {
  const v = p.value;
  switch (v.case) {
    case "integer":
      return v.value;
    case "floatValue":
      return v.value;
    case "stringValue":
      return v.value;
    case "boolean":
      return v.value;
    case "datetime":
      return Number(v.value.seconds) * 1000 + v.value.nanos / 1e6;
    case "duration":
      return Number(v.value.seconds) * 1000 + v.value.nanos / 1e6;
    case undefined:
      return null;
  }
}

function fail(message: string): UserError {
  return new UserError(EngineErrorCode.BranchEvaluationFailed, message);
}
