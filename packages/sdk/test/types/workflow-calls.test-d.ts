/**
 * Type-level tests of calls inside workflow bodies. Run by vitest's typecheck mode (`tsc`): every
 * `@ts-expect-error` must meet an error on the next line, and everything else must compile.
 * Each negative line has a positive twin just above it, so a directive cannot pass by accident
 * (for example, on a typo).
 */
import { describe, expectTypeOf, test } from "vitest";
import { conditional, lt, t, task, workflow, type NodeHandle, type Ref } from "../../src/index.js";

const add = task({ inputs: { a: t.int, b: t.int }, outputs: t.int }, ({ a, b }) => a + b);
const greet = task({ inputs: { name: t.string }, outputs: t.string }, ({ name }) => `hi ${name}`);
const join = task({ inputs: { parts: t.list(t.string) }, outputs: t.string }, ({ parts }) => parts.join(""));
const total = task({ inputs: { byName: t.map(t.int) }, outputs: t.int }, ({ byName }) =>
  Object.values(byName).reduce((x, y) => x + y, 0),
);
const summary = t.struct({ n: t.int, label: t.string, tags: t.list(t.string) });
const stats = task(
  { inputs: { xs: t.list(t.float) }, outputs: { mean: t.float, summary, counts: t.map(t.int) } },
  ({ xs }) => ({ mean: xs[0] ?? 0, summary: { n: xs.length, label: "s", tags: [] }, counts: {} }),
);
const noop = task({}, () => undefined);
const withDefault = task({ inputs: { a: t.int, b: t.int }, outputs: t.int, defaults: { b: 1 } }, ({ a, b }) => a + b);

describe("inputs of a call", () => {
  test("a promise of the right type is accepted, one of another type is not", () => {
    workflow({ inputs: { n: t.int, s: t.string }, outputs: t.int }, ({ n, s }) => {
      expectTypeOf(n).toEqualTypeOf<Ref<number>>();
      expectTypeOf(s).toEqualTypeOf<Ref<string>>();
      add({ a: n, b: n });
      // @ts-expect-error -- a string promise passed to an int input
      add({ a: s, b: n });
      return add({ a: n, b: 1 });
    });
  });

  test("a constant of the right type is accepted, one of another type is not", () => {
    workflow({ outputs: t.int }, () => {
      add({ a: 1, b: 2 });
      // @ts-expect-error -- the string "1" passed to an int input
      add({ a: "1", b: 2 });
      // @ts-expect-error -- a boolean passed to an int input
      add({ a: true, b: 2 });
      return add({ a: 1, b: 2 });
    });
  });

  test("another task's output of the wrong type is rejected", () => {
    workflow({ outputs: t.int }, () => {
      const sum = add({ a: 1, b: 2 });
      const hello = greet({ name: "x" });
      add({ a: sum, b: sum });
      // @ts-expect-error -- a string output passed to an int input
      add({ a: hello, b: sum });
      return sum;
    });
  });

  test("every input without a default is required", () => {
    workflow({ outputs: t.int }, () => {
      add({ a: 1, b: 2 });
      // @ts-expect-error -- input 'b' is missing
      add({ a: 1 });
      // @ts-expect-error -- no inputs at all
      add();
      withDefault({ a: 1 });
      withDefault({ a: 1, b: 2 });
      // @ts-expect-error -- 'a' has no default
      withDefault({ b: 2 });
      return add({ a: 1, b: 2 });
    });
  });

  test("an input name the task does not declare is rejected", () => {
    workflow({ outputs: t.int }, () => {
      add({ a: 1, b: 2 });
      // @ts-expect-error -- 'c' is not an input of add
      add({ a: 1, b: 2, c: 3 });
      return add({ a: 1, b: 2 });
    });
  });

  test("lists and maps may mix promises and constants of the element type", () => {
    workflow({ inputs: { s: t.string, n: t.int }, outputs: t.int }, ({ s, n }) => {
      join({ parts: [s, "x", greet({ name: s })] });
      // @ts-expect-error -- an int promise inside a list of strings
      join({ parts: [s, n] });
      // @ts-expect-error -- a string where a list is expected
      join({ parts: s });
      total({ byName: { a: n, b: 2 } });
      // @ts-expect-error -- a string constant inside a map of ints
      total({ byName: { a: n, b: "2" } });
      return total({ byName: { a: n } });
    });
  });

  test("struct and file inputs take values or promises of their own type", () => {
    const point = t.struct({ x: t.float, y: t.float });
    const other = t.struct({ a: t.string });
    const norm = task({ inputs: { p: point }, outputs: t.float }, ({ p }) => Math.hypot(p.x, p.y));
    const makePoint = task({ outputs: point }, () => ({ x: 1, y: 1 }));
    const makeOther = task({ outputs: other }, () => ({ a: "x" }));
    const readCsv = task({ inputs: { f: t.file("csv") }, outputs: t.string }, ({ f }) => f.text());
    workflow({ inputs: { f: t.file("csv") }, outputs: t.float }, ({ f }) => {
      norm({ p: { x: 1, y: 2 } });
      norm({ p: makePoint() });
      readCsv({ f });
      // @ts-expect-error -- a string field where the struct has a float
      norm({ p: { x: "1", y: 2 } });
      // @ts-expect-error -- field 'y' is missing
      norm({ p: { x: 1 } });
      // @ts-expect-error -- a promise of another struct
      norm({ p: makeOther() });
      // @ts-expect-error -- a struct constant cannot hold promises (only lists and maps can)
      norm({ p: { x: makePoint().x, y: 2 } });
      // @ts-expect-error -- a file promise passed to a string input
      greet({ name: f });
      return norm({ p: makePoint() });
    });
  });

  test("a task without inputs is called without arguments", () => {
    workflow({}, () => {
      expectTypeOf(noop()).toMatchTypeOf<NodeHandle>();
      // @ts-expect-error -- noop takes no inputs
      noop({ x: 1 });
    });
  });
});

describe("outputs of a call", () => {
  test("a single output is a promise of its type, with no attributes for a scalar", () => {
    workflow({ outputs: t.int }, () => {
      const sum = add({ a: 1, b: 2 });
      expectTypeOf(sum).toMatchTypeOf<Ref<number>>();
      // @ts-expect-error -- an int promise has no attribute 'value'
      void sum.value;
      return sum;
    });
  });

  test("named outputs, struct fields, list items and map entries are typed promises", () => {
    workflow({ inputs: { xs: t.list(t.float) }, outputs: t.string }, ({ xs }) => {
      const r = stats({ xs });
      expectTypeOf(r.mean).toEqualTypeOf<Ref<number>>();
      expectTypeOf(r.summary.n).toEqualTypeOf<Ref<number>>();
      expectTypeOf(r.summary.label).toEqualTypeOf<Ref<string>>();
      expectTypeOf(r.summary.tags[0]).toEqualTypeOf<Ref<string> | undefined>();
      expectTypeOf(r.counts["a"]).toEqualTypeOf<Ref<number> | undefined>();
      // @ts-expect-error -- stats has no output 'median'
      void r.median;
      // @ts-expect-error -- the summary struct has no field 'missing'
      void r.summary.missing;
      return r.summary.label;
    });
  });

  test("a promise is not the value: it cannot be used as one", () => {
    workflow({ inputs: { n: t.int }, outputs: t.int }, ({ n }) => {
      const sum = add({ a: n, b: 1 });
      const asRef: Ref<number> = sum;
      // @ts-expect-error -- a promise of an int is not a number
      const asNumber: number = sum;
      void asNumber;
      return asRef;
    });
  });
});

describe("what a workflow body returns", () => {
  test("the returned promise must have the declared output type", () => {
    workflow({ outputs: t.int }, () => add({ a: 1, b: 2 }));
    workflow({ outputs: t.int }, () => 3);
    // @ts-expect-error -- returns a string promise for an int output
    workflow({ outputs: t.int }, () => greet({ name: "x" }));
  });

  test("named outputs must all be bound, and only those", () => {
    workflow({ outputs: { n: t.int, s: t.string } }, () => ({ n: add({ a: 1, b: 2 }), s: greet({ name: "x" }) }));
    // @ts-expect-error -- output 's' is not bound
    workflow({ outputs: { n: t.int, s: t.string } }, () => ({ n: add({ a: 1, b: 2 }) }));
    // @ts-expect-error -- 'extra' is not a declared output
    workflow({ outputs: { n: t.int } }, () => ({ n: add({ a: 1, b: 2 }), extra: 3 }));
  });

  test("named outputs may be returned as another call's result", () => {
    const pair = task({ inputs: { n: t.int }, outputs: { a: t.int, b: t.string } }, ({ n }) => ({ a: n, b: "x" }));
    const inner = workflow({ inputs: { n: t.int }, outputs: { a: t.int, b: t.string } }, ({ n }) => pair({ n }));
    workflow({ inputs: { n: t.int }, outputs: { a: t.int, b: t.string } }, ({ n }) => inner({ n }));
    workflow({ inputs: { n: t.int }, outputs: { a: t.int, b: t.string } }, ({ n }) =>
      conditional("c")
        .if(lt(n, 1))
        .then(pair({ n }))
        .else()
        .then(pair({ n: 2 })),
    );
    const other = task({ outputs: { a: t.int, c: t.string } }, () => ({ a: 1, c: "x" }));
    // @ts-expect-error -- the call's outputs are (a, c), not (a, b)
    workflow({ outputs: { a: t.int, b: t.string } }, () => other());
  });

  test("a workflow input cannot be read if it is not declared", () => {
    workflow({ inputs: { n: t.int }, outputs: t.int }, ({ n }) => n);
    // @ts-expect-error -- 'm' is not an input of the workflow
    workflow({ inputs: { n: t.int }, outputs: t.int }, ({ m }) => Number(m));
  });
});

describe("sub-workflows", () => {
  const inner = workflow({ inputs: { x: t.int }, outputs: { doubled: t.int } }, ({ x }) => ({
    doubled: add({ a: x, b: x }),
  }));

  test("a workflow called in a workflow is typed like a task", () => {
    workflow({ inputs: { x: t.int, s: t.string }, outputs: t.int }, ({ x, s }) => {
      const r = inner({ x });
      expectTypeOf(r.doubled).toEqualTypeOf<Ref<number>>();
      // @ts-expect-error -- a string promise passed to the sub-workflow's int input
      inner({ x: s });
      // @ts-expect-error -- the sub-workflow has no output 'tripled'
      void r.tripled;
      return r.doubled;
    });
  });
});
