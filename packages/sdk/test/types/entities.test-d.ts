/**
 * Type-level tests of task bodies, map tasks, conditionals, dynamic tasks, launch plans,
 * references, container tasks, gates and the type engine's inferred TS types.
 */
import { describe, expectTypeOf, test } from "vitest";
import * as z from "zod";
import {
  and,
  approve,
  conditional,
  containerTask,
  dynamic,
  eq,
  gt,
  isTrue,
  launchPlan,
  lt,
  map,
  referenceTask,
  sleep,
  t,
  task,
  waitForSignal,
  workflow,
  type FlyteDirectory,
  type FlyteFile,
  type FlyteType,
  type DataFrame,
  type Infer,
  type NodeHandle,
  type Ref,
} from "../../src/index.js";

const add = task({ inputs: { a: t.int, b: t.int }, outputs: t.int }, ({ a, b }) => a + b);
const greet = task({ inputs: { name: t.string }, outputs: t.string }, ({ name }) => `hi ${name}`);
const toText = task({ inputs: { n: t.int }, outputs: t.string }, ({ n }) => String(n));
const scale = task({ inputs: { x: t.float, factor: t.float }, outputs: t.float }, ({ x, factor }) => x * factor);

describe("task bodies", () => {
  test("inputs are inferred into the body", () => {
    task({ inputs: { a: t.int, s: t.string, xs: t.list(t.float), when: t.datetime }, outputs: t.int }, (i) => {
      expectTypeOf(i).toEqualTypeOf<{ a: number; s: string; xs: number[]; when: Date }>();
      return i.a;
    });
  });

  test("the body must return the declared outputs", () => {
    task({ inputs: { a: t.int }, outputs: t.int }, ({ a }) => a);
    task({ inputs: { a: t.int }, outputs: t.int }, ({ a }) => Promise.resolve(a));
    // @ts-expect-error -- returns a string for an int output
    task({ inputs: { a: t.int }, outputs: t.int }, ({ a }) => String(a));
    task({ outputs: { n: t.int, s: t.string } }, () => ({ n: 1, s: "x" }));
    // @ts-expect-error -- output 's' is missing
    task({ outputs: { n: t.int, s: t.string } }, () => ({ n: 1 }));
  });

  test("the body cannot read an input that is not declared", () => {
    task({ inputs: { a: t.int }, outputs: t.int }, ({ a }) => a);
    // @ts-expect-error -- 'b' is not an input
    task({ inputs: { a: t.int }, outputs: t.int }, ({ b }) => Number(b));
  });

  test("defaults have their input's type and name an input", () => {
    task({ inputs: { a: t.int }, outputs: t.int, defaults: { a: 1 } }, ({ a }) => a);
    // @ts-expect-error -- a string default for an int input
    task({ inputs: { a: t.int }, outputs: t.int, defaults: { a: "1" } }, ({ a }) => a);
    // @ts-expect-error -- 'z' is not an input
    task({ inputs: { a: t.int }, outputs: t.int, defaults: { z: 1 } }, ({ a }) => a);
  });

  test("run() takes values and gives the output value", async () => {
    expectTypeOf(add.run({ a: 1, b: 2 })).toEqualTypeOf<Promise<number>>();
    // @ts-expect-error -- run takes values, a string for an int input here
    await add.run({ a: "1", b: 2 });
  });
});

describe("map tasks", () => {
  test("every input becomes a list of its type, and so does the output", () => {
    workflow({ inputs: { ns: t.list(t.int), ss: t.list(t.string), n: t.int }, outputs: t.list(t.string) }, (i) => {
      const texts = map(toText)({ n: i.ns });
      expectTypeOf(texts).toMatchTypeOf<Ref<string[]>>();
      // @ts-expect-error -- a list of strings mapped over an int input
      map(toText)({ n: i.ss });
      // @ts-expect-error -- a single int where the map task needs a list
      map(toText)({ n: i.n });
      return texts;
    });
  });

  test("bound inputs are passed whole", () => {
    workflow({ inputs: { xs: t.list(t.float), factor: t.float }, outputs: t.list(t.float) }, ({ xs, factor }) => {
      const scaled = map(scale, { bound: ["factor"] })({ x: xs, factor });
      // @ts-expect-error -- a bound input takes one value, not a list
      map(scale, { bound: ["factor"] })({ x: xs, factor: xs });
      // @ts-expect-error -- 'nope' is not an input of scale
      map(scale, { bound: ["nope"] });
      return scaled;
    });
  });
});

describe("conditionals", () => {
  test("comparisons need operands of one type", () => {
    workflow({ inputs: { x: t.int, s: t.string, flag: t.boolean }, outputs: t.int }, ({ x, s, flag }) => {
      eq(x, 3);
      and(gt(x, 1), lt(x, 10));
      isTrue(flag);
      // @ts-expect-error -- an int promise compared with a string constant
      eq(x, "3");
      // @ts-expect-error -- an int promise compared with a string promise
      lt(x, s);
      // @ts-expect-error -- isTrue needs a boolean promise
      isTrue(x);
      return x;
    });
  });

  test("lists cannot be compared", () => {
    workflow({ inputs: { xs: t.list(t.int) }, outputs: t.int }, ({ xs }) => {
      // @ts-expect-error -- conditions compare scalars, not lists
      eq(xs, [1]);
      return add({ a: 1, b: 2 });
    });
  });

  test("every case produces the same output type, and the result is typed", () => {
    workflow({ inputs: { x: t.int }, outputs: t.int }, ({ x }) => {
      const r = conditional("c")
        .if(lt(x, 3))
        .then(add({ a: x, b: 1 }))
        .else()
        .then(add({ a: x, b: 2 }));
      expectTypeOf(r).toMatchTypeOf<Ref<number>>();
      conditional("d")
        .if(lt(x, 3))
        .then(add({ a: x, b: 1 }))
        .else()
        // @ts-expect-error -- the else case gives a string, the first case an int
        .then(greet({ name: "x" }));
      return r;
    });
  });
});

describe("dynamic tasks", () => {
  test("the body gets values and calls tasks with them", () => {
    dynamic({ inputs: { ns: t.list(t.int) }, outputs: t.int }, ({ ns }) => {
      expectTypeOf(ns).toEqualTypeOf<number[]>();
      const first = add({ a: ns[0] ?? 0, b: 1 });
      // @ts-expect-error -- a string value passed to an int input
      add({ a: "x", b: 1 });
      return first;
    });
  });
});

describe("launch plans", () => {
  const wf = workflow({ inputs: { n: t.int, m: t.int, at: t.datetime }, outputs: t.int }, ({ n, m }) =>
    add({ a: n, b: m }),
  );

  test("defaults and fixed inputs have their input's type and name an input", () => {
    launchPlan(wf, { name: "ok", defaults: { n: 1 }, fixed: { m: 2 } });
    // @ts-expect-error -- 'x' is not an input of the workflow
    launchPlan(wf, { name: "bad1", defaults: { x: 1 } });
    // @ts-expect-error -- a string default for an int input
    launchPlan(wf, { name: "bad2", defaults: { n: "1" } });
    // @ts-expect-error -- 'x' is not an input of the workflow
    launchPlan(wf, { name: "bad3", fixed: { x: 1 } });
  });

  test("a schedule's kickoff input is an input of the workflow", () => {
    launchPlan(wf, { name: "s1", defaults: { n: 1, m: 2 }, schedule: { cron: "@daily", kickoffInput: "at" } });
    // @ts-expect-error -- 'when' is not an input of the workflow
    launchPlan(wf, { name: "s2", defaults: { n: 1, m: 2 }, schedule: { cron: "@daily", kickoffInput: "when" } });
  });

  test("calls leave out fixed inputs and may leave out defaults", () => {
    const lp = launchPlan(wf, { name: "lp", defaults: { n: 1 }, fixed: { m: 2 } });
    workflow({ inputs: { at: t.datetime }, outputs: t.int }, ({ at }) => {
      expectTypeOf(lp({ at })).toMatchTypeOf<Ref<number>>();
      lp({ at, n: 5 });
      // @ts-expect-error -- 'm' is fixed by the launch plan
      lp({ at, m: 3 });
      // @ts-expect-error -- a string for the int input 'n'
      lp({ at, n: "5" });
      return lp({ at });
    });
  });
});

describe("references and container tasks", () => {
  test("a reference task is typed by its declared interface", () => {
    const ref = referenceTask({
      project: "p",
      domain: "development",
      name: "other.add",
      version: "v1",
      inputs: { a: t.int },
      outputs: t.int,
    });
    workflow({ inputs: { s: t.string }, outputs: t.int }, ({ s }) => {
      const r = ref({ a: 1 });
      // @ts-expect-error -- a string promise for the reference's int input
      ref({ a: s });
      return r;
    });
  });

  test("a container task is typed by its declared interface", () => {
    const area = containerTask({
      name: "area",
      image: "alpine",
      inputs: { a: t.float, b: t.float },
      outputs: { area: t.float },
      command: ["sh", "-c", "echo {{.inputs.a}} {{.inputs.b}}"],
    });
    workflow({ outputs: t.float }, () => {
      const r = area({ a: 1, b: 2 });
      // @ts-expect-error -- a string for a float input
      area({ a: "1", b: 2 });
      return r.area;
    });
  });
});

describe("gates", () => {
  test("approve passes its value through, signals are typed, sleep orders nodes", () => {
    workflow({ inputs: { n: t.int }, outputs: t.int }, ({ n }) => {
      const sum = add({ a: n, b: 1 });
      expectTypeOf(approve(sum, "ok")).toEqualTypeOf<Ref<number>>();
      expectTypeOf(waitForSignal("go", t.boolean)).toEqualTypeOf<Ref<boolean>>();
      expectTypeOf(sleep("10s")).toEqualTypeOf<NodeHandle>();
      // @ts-expect-error -- a boolean signal passed to an int input
      add({ a: waitForSignal("go", t.boolean), b: 1 });
      return sum;
    });
  });
});

/** The TS type a Flyte type stands for, as an `expectTypeOf` subject. */
const valueOf = <T>(_type: FlyteType<T>) => expectTypeOf<T>();

describe("the type engine's TS types", () => {
  test("each Flyte type stands for a TS type", () => {
    expectTypeOf<Infer<typeof t.int>>().toEqualTypeOf<number>();
    expectTypeOf<Infer<typeof t.bigint>>().toEqualTypeOf<bigint>();
    expectTypeOf<Infer<typeof t.datetime>>().toEqualTypeOf<Date>();
    expectTypeOf<Infer<typeof t.binary>>().toEqualTypeOf<Uint8Array>();
    valueOf(t.optional(t.string)).toEqualTypeOf<string | null | undefined>();
    valueOf(t.map(t.list(t.int))).toEqualTypeOf<Record<string, number[]>>();
    valueOf(t.enum(["red", "green"])).toEqualTypeOf<"red" | "green">();
    valueOf(t.union(t.int, t.string)).toEqualTypeOf<number | string>();
    expectTypeOf<Infer<ReturnType<typeof t.file>>>().toEqualTypeOf<FlyteFile>();
    expectTypeOf<Infer<ReturnType<typeof t.directory>>>().toEqualTypeOf<FlyteDirectory>();
    expectTypeOf<Infer<ReturnType<typeof t.dataframe>>>().toEqualTypeOf<DataFrame>();
  });

  test("structs from field types and from zod schemas", () => {
    valueOf(t.struct({ x: t.float, y: t.float, label: t.optional(t.string) })).toEqualTypeOf<{
      x: number;
      y: number;
      label?: string | null | undefined;
    }>();
    const user = t.struct(z.object({ name: z.string(), age: z.number().int() }));
    expectTypeOf<Infer<typeof user>>().toEqualTypeOf<{ name: string; age: number }>();
    const makeUser = task({ inputs: { name: t.string }, outputs: user }, ({ name }) => ({ name, age: 1 }));
    // @ts-expect-error -- 'age' must be a number in the zod schema
    task({ inputs: { name: t.string }, outputs: user }, ({ name }) => ({ name, age: "1" }));
    workflow({ outputs: t.string }, () => {
      const u = makeUser({ name: "a" });
      expectTypeOf(u.age).toEqualTypeOf<Ref<number>>();
      // @ts-expect-error -- the zod schema has no field 'email'
      void u.email;
      return u.name;
    });
  });
});
