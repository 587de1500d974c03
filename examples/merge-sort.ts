/** Merge sort with dynamic recursion (flytesnacks `advanced_lang_features` merge sort). */
import { conditional, dynamic, lte, t, task, workflow } from "@flyte-ts/sdk";

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

/** Splits, sorts each half (recursively, as new dynamic nodes) and merges. */
export const mergeSortRemotely = dynamic(
  { inputs: { numbers: t.list(t.int), runLocallyAt: t.int }, outputs: t.list(t.int) },
  ({ numbers, runLocallyAt }) => {
    const parts = split({ numbers });
    const half = Math.ceil(numbers.length / 2);
    const sortHalf = (part: typeof parts.left, size: number) =>
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
