import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { OperandSchema } from "@flyte-ts/idl/gen/flyteidl/core/condition_pb";
import {
  BooleanExpressionSchema,
  ComparisonExpression_Operator,
  ConjunctionExpression_LogicalOperator,
  type BooleanExpression,
} from "@flyte-ts/idl/gen/flyteidl/core/condition_pb";
import type { PrimitiveSchema } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { SimpleType, type LiteralType } from "@flyte-ts/idl/gen/flyteidl/core/types_pb";
import { operandVar } from "../authoring/conditional.js";
import { AuthoringError, AuthoringErrorCode } from "../authoring/errors.js";
import type { CompareOp, Condition, Operand } from "../authoring/graph.js";

const OPS: Readonly<Record<CompareOp, ComparisonExpression_Operator>> = {
  eq: ComparisonExpression_Operator.EQ,
  ne: ComparisonExpression_Operator.NEQ,
  gt: ComparisonExpression_Operator.GT,
  gte: ComparisonExpression_Operator.GTE,
  lt: ComparisonExpression_Operator.LT,
  lte: ComparisonExpression_Operator.LTE,
};

/** A branch condition as Flyte's BooleanExpression; promises become `var` operands. */
export function booleanExpression(c: Condition, where: string): BooleanExpression {
  if (c.kind !== "compare") {
    return create(BooleanExpressionSchema, {
      expr: {
        case: "conjunction",
        value: {
          operator:
            c.kind === "and" ? ConjunctionExpression_LogicalOperator.AND : ConjunctionExpression_LogicalOperator.OR,
          leftExpression: booleanExpression(c.left, where),
          rightExpression: booleanExpression(c.right, where),
        },
      },
    });
  }
  const leftType = c.left.kind === "ref" ? c.left.ref.type.literalType : undefined;
  const rightType = c.right.kind === "ref" ? c.right.ref.type.literalType : undefined;
  return create(BooleanExpressionSchema, {
    expr: {
      case: "comparison",
      value: {
        operator: OPS[c.op],
        leftValue: operand(c.left, rightType, where),
        rightValue: operand(c.right, leftType, where),
      },
    },
  });
}

function operand(
  o: Operand,
  otherType: LiteralType | undefined,
  where: string,
): MessageInitShape<typeof OperandSchema> {
  if (o.kind === "ref") return { val: { case: "var", value: operandVar(o.ref) } };
  return { val: { case: "primitive", value: { value: primitive(o.value, otherType, where) } } };
}

type PrimitiveInit = NonNullable<MessageInitShape<typeof PrimitiveSchema>["value"]>;

/** A constant operand, typed like the promise it is compared with (an int stays an int). */
function primitive(value: unknown, type: LiteralType | undefined, where: string): PrimitiveInit {
  const simple = type?.type.case === "simple" ? type.type.value : undefined;
  if (typeof value === "boolean") return { case: "boolean", value };
  if (typeof value === "string") return { case: "stringValue", value };
  if (value instanceof Date) return { case: "datetime", value: timestampFromDate(value) };
  if (typeof value === "number") {
    const asInt = simple === SimpleType.INTEGER || (simple === undefined && Number.isInteger(value));
    if (asInt) {
      if (!Number.isInteger(value)) {
        throw new AuthoringError(
          AuthoringErrorCode.MismatchingTypes,
          `${where}: ${value} is compared with an integer but is not whole`,
        );
      }
      return { case: "integer", value: BigInt(value) };
    }
    return { case: "floatValue", value };
  }
  throw new AuthoringError(AuthoringErrorCode.InvalidBranch, `${where}: cannot compare a ${typeof value}`);
}
