/** Merge sort with dynamic recursion (flytesnacks `advanced_lang_features` merge sort). */
import { conditional, dynamic, lte, t, task, workflow, type DynamicFn, type Ref } from "@flyte-ts/sdk";

export const split = task(
  { inputs: { numbers: t.list(t.int) }, outputs: { left: t.list(t.int), right: t.list(t.int), half: t.int } },
  ({ numbers }) => {
    const half = Math.ceil(numbers.length / 2);
    return { left: numbers.slice(0, half), right: numbers.slice(half), half };
  },
);

export const merge = task(
  { inputs: { sorted1: t.list(t.int), sorted2: t.list(t.int) }, outputs: t.list(t.int) },
  ({ sorted1, sorted2 }) => {
    const out: number[] = [];
    let i = 0;
    let j = 0;
    while (i < sorted1.length && j < sorted2.length)
      out.push((sorted1[i] ?? 0) <= (sorted2[j] ?? 0) ? sorted1[i++]! : sorted2[j++]!);
    return [...out, ...sorted1.slice(i), ...sorted2.slice(j)];
  },
);

export const sortLocally = task({ inputs: { numbers: t.list(t.int) }, outputs: t.list(t.int) }, ({ numbers }) =>
  [...numbers].sort((a, b) => a - b),
);

const sortInterface = { inputs: { numbers: t.list(t.int), runLocallyAt: t.int }, outputs: t.list(t.int) };

/**
 * Splits, sorts each half (recursively, as new dynamic nodes) and merges. The task calls itself,
 * so its type is written out: TypeScript cannot infer a type that refers to its own initializer.
 */
export const mergeSortRemotely: DynamicFn<typeof sortInterface.inputs, typeof sortInterface.outputs> = dynamic(
  sortInterface,
  ({ numbers, runLocallyAt }) => {
    const parts = split({ numbers });
    const half = Math.ceil(numbers.length / 2);
    const sortHalf = (part: Ref<number[]>, size: number): Ref<number[]> =>
      size <= runLocallyAt ? sortLocally({ numbers: part }) : mergeSortRemotely({ numbers: part, runLocallyAt });
    return merge({ sorted1: sortHalf(parts.left, half), sorted2: sortHalf(parts.right, numbers.length - half) });
  },
);

export const mergeSort = workflow(
  {
    inputs: { numbers: t.list(t.int), numbersCount: t.int, runLocallyAt: t.int },
    outputs: t.list(t.int),
    defaults: { runLocallyAt: 5 },
  },
  ({ numbers, numbersCount, runLocallyAt }) =>
    conditional("terminal_case")
      .if(lte(numbersCount, runLocallyAt))
      .then(sortLocally({ numbers }))
      .else()
      .then(mergeSortRemotely({ numbers, runLocallyAt })),
);
