import { create } from "@bufbuild/protobuf";
import {
  BooleanExpressionSchema,
  ComparisonExpression_Operator,
  ComparisonExpressionSchema,
  OperandSchema,
  type Operand,
} from "@flyte-ts/idl/gen/flyteidl/core/condition_pb";
import { PrimitiveSchema, type BindingData } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import {
  BranchNodeSchema,
  IfBlockSchema,
  IfElseBlockSchema,
  NodeSchema,
  type Node,
} from "@flyte-ts/idl/gen/flyteidl/core/workflow_pb";
import { bindings } from "./fixtures.js";

export function varOperand(v: string): Operand {
  return create(OperandSchema, { val: { case: "var", value: v } });
}
export function intOperand(n: number): Operand {
  return create(OperandSchema, {
    val: { case: "primitive", value: create(PrimitiveSchema, { value: { case: "integer", value: BigInt(n) } }) },
  });
}
export function floatOperand(x: number): Operand {
  return create(OperandSchema, {
    val: { case: "primitive", value: create(PrimitiveSchema, { value: { case: "floatValue", value: x } }) },
  });
}

/** `left > right` */
export function gt(left: Operand, right: Operand) {
  return create(BooleanExpressionSchema, {
    expr: {
      case: "comparison",
      value: create(ComparisonExpressionSchema, {
        operator: ComparisonExpression_Operator.GT,
        leftValue: left,
        rightValue: right,
      }),
    },
  });
}

/** A branch node: `if x > 0: cases[0] elif x > 0: cases[1] ... else: elseNode` (no else when undefined). */
export function branchNode(
  id: string,
  inputs: Record<string, BindingData>,
  cases: Node[],
  elseNode?: Node,
  condition = gt(varOperand("x"), intOperand(0)),
): Node {
  const [first, ...rest] = cases;
  const ifElse = create(IfElseBlockSchema, {
    ...(first ? { case: create(IfBlockSchema, { condition, thenNode: first }) } : {}),
    other: rest.map((thenNode) => create(IfBlockSchema, { condition, thenNode })),
    ...(elseNode ? { default: { case: "elseNode" as const, value: elseNode } } : {}),
  });
  return create(NodeSchema, {
    id,
    inputs: bindings(inputs),
    target: { case: "branchNode", value: create(BranchNodeSchema, { ifElse }) },
  });
}
