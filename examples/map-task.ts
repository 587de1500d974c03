/** Map tasks (flytesnacks `map_task`): one task over a list, with concurrency and a success ratio. */
import { map, t, task, workflow } from "@flyte-ts/sdk";

export const aMappableTask = task({ inputs: { a: t.int }, outputs: t.string }, ({ a }) => String(a + 10));

export const coalesce = task({ inputs: { b: t.list(t.string) }, outputs: t.string }, ({ b }) => b.join(""));

export const scale = task({ inputs: { x: t.float, factor: t.float }, outputs: t.float }, ({ x, factor }) => x * factor);

export const myMapWorkflow = workflow({ inputs: { a: t.list(t.int) }, outputs: t.string }, ({ a }) => {
  const mapped = map(aMappableTask, { concurrency: 2, minSuccessRatio: 1 }).withOverrides({
    resources: { requests: { memory: "300Mi" }, limits: { memory: "500Mi" } },
    retries: 1,
  })({ a });
  return coalesce({ b: mapped });
});

/** `bound` inputs are passed whole to every item (flytekit's `functools.partial`). */
export const scaleAll = workflow(
  { inputs: { xs: t.list(t.float), factor: t.float }, outputs: t.list(t.float) },
  ({ xs, factor }) => map(scale, { bound: ["factor"], minSuccessRatio: 0.9 })({ x: xs, factor }),
);
