import { describe, expect, it } from "vitest";
import { create } from "@bufbuild/protobuf";
import {
  BooleanExpressionSchema,
  ComparisonExpression_Operator as Op,
  ConjunctionExpression_LogicalOperator as Logic,
  type BooleanExpression,
} from "@flyte-ts/idl/gen/flyteidl/core/condition_pb";
import { PrimitiveSchema } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { literalMap, literals } from "@flyte-ts/idl";
import { evaluateCondition } from "./conditions.js";

const cmp = (operator: Op, v: string, right: number): BooleanExpression =>
  create(BooleanExpressionSchema, {
    expr: {
      case: "comparison",
      value: {
        operator,
        leftValue: { val: { case: "var", value: v } },
        rightValue: {
          val: { case: "primitive", value: create(PrimitiveSchema, { value: { case: "floatValue", value: right } }) },
        },
      },
    },
  });
const and = (l: BooleanExpression, r: BooleanExpression, operator = Logic.AND) =>
  create(BooleanExpressionSchema, {
    expr: { case: "conjunction", value: { operator, leftExpression: l, rightExpression: r } },
  });

describe("branch conditions", () => {
  const inputs = literalMap({ x: literals.integer(5), f: literals.float(0.5) });

  it("compares ints with floats and combines with AND/OR", () => {
    expect(evaluateCondition(cmp(Op.EQ, "x", 5), inputs)).toBe(true);
    expect(evaluateCondition(cmp(Op.NEQ, "x", 5), inputs)).toBe(false);
    expect(evaluateCondition(cmp(Op.GT, "x", 4.5), inputs)).toBe(true);
    expect(evaluateCondition(cmp(Op.GTE, "f", 0.5), inputs)).toBe(true);
    expect(evaluateCondition(cmp(Op.LT, "f", 0.5), inputs)).toBe(false);
    expect(evaluateCondition(cmp(Op.LTE, "x", 5), inputs)).toBe(true);
    expect(evaluateCondition(and(cmp(Op.GT, "x", 1), cmp(Op.LT, "x", 3)), inputs)).toBe(false);
    expect(evaluateCondition(and(cmp(Op.GT, "x", 1), cmp(Op.LT, "x", 3), Logic.OR), inputs)).toBe(true);
  });

  it("fails with BranchEvaluationFailed on an unknown variable", () => {
    expect(() => evaluateCondition(cmp(Op.EQ, "missing", 1), inputs)).toThrow(
      expect.objectContaining({ code: "BranchEvaluationFailed" }),
    );
  });
});
