/** Sub-workflows (flytesnacks `subworkflows`): a workflow called inside another, and nesting. */
import { t, task, workflow } from "@flyte-ts/sdk";

export const t1 = task({ inputs: { a: t.int }, outputs: { t1IntOutput: t.int, c: t.string } }, ({ a }) => ({
  t1IntOutput: a + 2,
  c: "world",
}));

export const mySubwf = workflow({ inputs: { a: t.int }, outputs: { o0: t.string, o1: t.string } }, ({ a }) => {
  const x = t1({ a });
  const y = t1({ a: x.t1IntOutput });
  return { o0: x.c, o1: y.c };
});

export const parentWf = workflow(
  { inputs: { a: t.int }, outputs: { o0: t.int, o1: t.string, o2: t.string } },
  ({ a }) => {
    const x = t1({ a });
    const sub = mySubwf({ a: x.t1IntOutput });
    return { o0: x.t1IntOutput, o1: sub.o0, o2: sub.o1 };
  },
);

/** A workflow calling a workflow that calls a workflow. */
export const nestedParentWf = workflow({ inputs: { a: t.int }, outputs: { o0: t.int, o1: t.string } }, ({ a }) => {
  const inner = parentWf({ a });
  const x = t1({ a: inner.o0 });
  return { o0: x.t1IntOutput, o1: inner.o2 };
});
