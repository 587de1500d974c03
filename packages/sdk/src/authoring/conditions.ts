import { AuthoringError, AuthoringErrorCode } from "./errors.js";
import type { CompareOp, Condition, Operand } from "./graph.js";
import { refData, type Ref } from "./refs.js";

/** A value a condition can compare: a promise or a constant of a simple type. */
export type Comparable<T extends string | number | boolean | Date> = T | Ref<T>;

const CONDITION = Symbol("flyte.condition");

/** A boolean expression over promises and constants, for `conditional(...).if(...)`. */
export interface Cond {
  readonly [CONDITION]: Condition;
}

export function conditionOf(c: Cond): Condition {
  const v = (c as { [CONDITION]?: Condition })[CONDITION];
  if (!v)
    throw new AuthoringError(
      AuthoringErrorCode.InvalidBranch,
      "expected a condition made with eq, ne, gt, gte, lt, lte, and, or, isTrue or isFalse",
    );
  return v;
}

function wrap(condition: Condition): Cond {
  return { [CONDITION]: condition };
}

function operand(v: unknown): Operand {
  const ref = refData(v);
  if (ref) return { kind: "ref", ref };
  if (typeof v === "number" || typeof v === "string" || typeof v === "boolean" || v instanceof Date) {
    return { kind: "value", value: v, type: undefined };
  }
  throw new AuthoringError(
    AuthoringErrorCode.InvalidBranch,
    `conditions compare promises and constants (number, string, boolean, Date), got ${typeof v}`,
  );
}

/** A comparison of two operands of the same type. */
export type Comparison = <T extends string | number | boolean | Date>(
  left: Comparable<T>,
  right: Comparable<T>,
) => Cond;

function compare(op: CompareOp): Comparison {
  return (left, right) => wrap({ kind: "compare", op, left: operand(left), right: operand(right) });
}

/** `left == right` */
export const eq = compare("eq");
/** `left != right` */
export const ne = compare("ne");
/** `left > right` */
export const gt = compare("gt");
/** `left >= right` */
export const gte = compare("gte");
/** `left < right` */
export const lt = compare("lt");
/** `left <= right` */
export const lte = compare("lte");

/** All conditions hold (flytekit's `&`). */
export function and(first: Cond, ...rest: Cond[]): Cond {
  return rest.reduce((acc, c) => wrap({ kind: "and", left: conditionOf(acc), right: conditionOf(c) }), first);
}

/** Any condition holds (flytekit's `|`). */
export function or(first: Cond, ...rest: Cond[]): Cond {
  return rest.reduce((acc, c) => wrap({ kind: "or", left: conditionOf(acc), right: conditionOf(c) }), first);
}

/** A boolean promise is true. */
export function isTrue(value: Ref<boolean>): Cond {
  return eq<boolean>(value, true);
}

/** A boolean promise is false. */
export function isFalse(value: Ref<boolean>): Cond {
  return eq<boolean>(value, false);
}
