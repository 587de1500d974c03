/** Conditions (flytesnacks `conditions`): if/elif/else, fail, nested branches, branching on outputs. */
import { and, conditional, eq, gt, gte, isTrue, lt, lte, or, t, task, workflow } from "@flyte-ts/sdk";

export const square = task({ inputs: { n: t.float }, outputs: t.float }, ({ n }) => n * n);
export const double = task({ inputs: { n: t.float }, outputs: t.float }, ({ n }) => 2 * n);
export const calcSum = task({ inputs: { a: t.float, b: t.float }, outputs: t.float }, ({ a, b }) => a + b);
export const coinToss = task({ inputs: { seed: t.int }, outputs: t.boolean }, ({ seed }) => seed % 2 === 0);

/** Squares fractions, doubles values between 1 and 10, fails otherwise. */
export const multiplier = workflow({ inputs: { myInput: t.float }, outputs: t.float }, ({ myInput }) =>
  conditional("fractions")
    .if(and(gte(myInput, 0.1), lte(myInput, 1.0)))
    .then(double({ n: myInput }))
    .elif(and(gt(myInput, 1.0), lte(myInput, 10.0)))
    .then(square({ n: myInput }))
    .else()
    .fail("The input must be between 0 and 10"),
);

/** Branches nested inside branches. */
export const nestedConditions = workflow({ inputs: { myInput: t.float }, outputs: t.float }, ({ myInput }) =>
  conditional("fractions")
    .if(and(gt(myInput, 0.1), lt(myInput, 1.0)))
    .then(() =>
      conditional("inner_fractions")
        .if(lt(myInput, 0.5))
        .then(double({ n: myInput }))
        .elif(and(gt(myInput, 0.5), lt(myInput, 0.7)))
        .then(square({ n: myInput }))
        .else()
        .fail("Only <0.7 allowed"),
    )
    .elif(or(eq(myInput, 1.0), and(gt(myInput, 1.0), lt(myInput, 10.0))))
    .then(square({ n: myInput }))
    .else()
    .then(double({ n: myInput })),
);

/** Branches on a task's output, and consumes the branch's output downstream. */
export const consumeOutputs = workflow(
  { inputs: { myInput: t.float, seed: t.int }, outputs: t.float },
  ({ myInput, seed }) => {
    const isHeads = coinToss({ seed });
    const result = conditional("double_or_square")
      .if(isTrue(isHeads))
      .then(square({ n: myInput }))
      .else()
      .then(calcSum({ a: myInput, b: myInput }));
    return double({ n: result });
  },
);
