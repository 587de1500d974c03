/** A basic workflow: two tasks, workflow inputs, a task output feeding another task (flytesnacks `basic_workflow`). */
import { t, task, workflow } from "@flyte-ts/sdk";

export const t1 = task({ inputs: { a: t.int }, outputs: { t1IntOutput: t.int, c: t.string } }, ({ a }) => ({
  t1IntOutput: a + 2,
  c: "world",
}));

export const t2 = task({ inputs: { a: t.string, b: t.string }, outputs: t.string }, ({ a, b }) => b + a);

export const basicWorkflow = workflow(
  {
    inputs: { a: t.int, b: t.string },
    outputs: { o0: t.int, o1: t.string },
    docs: { inputs: { a: "a number to add 2 to", b: "a greeting" } },
  },
  ({ a, b }) => {
    const x = t1({ a });
    const d = t2({ a: x.c, b });
    return { o0: x.t1IntOutput, o1: d };
  },
);
