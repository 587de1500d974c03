import { describe, expect, it } from "vitest";
import {
  AuthoringError,
  buildPackage,
  conditional,
  containerTask,
  eq,
  launchPlan,
  map,
  sequence,
  t,
  task,
  workflow,
  type AuthoringErrorCode,
  type Ref,
} from "../src/index.js";

const add = task({ name: "add", inputs: { a: t.int, b: t.int }, outputs: t.int }, ({ a, b }) => a + b);
const greet = task({ name: "greet", inputs: { name: t.string }, outputs: t.string }, ({ name }) => `hi ${name}`);
const pair = task({ name: "pair", outputs: { n: t.int, s: t.string } }, () => ({ n: 1, s: "x" }));
const noop = task({ name: "noop" }, () => undefined);

/** Runs `fn` and returns the AuthoringError it throws. */
function authoringError(fn: () => unknown): AuthoringError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AuthoringError) return e;
    throw e;
  }
  throw new Error("expected an AuthoringError");
}

function expectError(fn: () => unknown, code: AuthoringErrorCode, ...fragments: string[]): void {
  const e = authoringError(fn);
  expect(e.code).toBe(code);
  expect(e.kind).toBe("user");
  for (const f of fragments) expect(e.message).toContain(f);
}

describe("authoring mistakes fail at definition time with named errors", () => {
  it("a wrong input name names the workflow, task, node and variable", () => {
    expectError(
      () =>
        workflow({ name: "wf", inputs: { x: t.int }, outputs: t.int }, ({ x }) =>
          // @ts-expect-error -- 'c' is not an input of add
          add({ a: x, c: 2 }),
        ),
      "VariableNameNotFound",
      "workflow 'wf'",
      "task 'add'",
      "node n0",
      "'c'",
    );
  });

  it("a promise of the wrong type names both types and the producing node", () => {
    expectError(
      () =>
        workflow({ name: "wf", inputs: { x: t.string }, outputs: t.int }, ({ x }) =>
          // @ts-expect-error -- a string promise where an int is expected
          add({ a: x, b: 1 }),
        ),
      "MismatchingTypes",
      "input 'a' of node n0 (task 'add')",
      "expects INTEGER",
      "workflow input 'x' is STRING",
    );
  });

  it("a constant of the wrong type names the input", () => {
    expectError(
      () =>
        workflow({ name: "wf", outputs: t.int }, () =>
          // @ts-expect-error -- a string constant where an int is expected
          add({ a: "one", b: 1 }),
        ),
      "MismatchingTypes",
      "input 'a' of node n0 (task 'add')",
      'the string "one"',
    );
  });

  it("an unbound task input names the node and variable", () => {
    expectError(
      () =>
        workflow({ name: "wf", outputs: t.int }, () =>
          // @ts-expect-error -- b is missing
          add({ a: 1 }),
        ),
      "ParameterNotBound",
      "input 'b' of node n0 (task 'add') is not bound",
    );
  });

  it("an unbound workflow output names the output", () => {
    expectError(
      () =>
        // @ts-expect-error -- output 's' is not returned
        workflow({ name: "wf", outputs: { n: t.int, s: t.string } }, () => ({ n: add({ a: 1, b: 2 }) })),
      "ParameterNotBound",
      "workflow 'wf'",
      "output 's' is not bound",
    );
  });

  it("an output that is not declared is named", () => {
    expectError(
      () =>
        // @ts-expect-error -- 'extra' is not an output
        workflow({ name: "wf", outputs: { n: t.int } }, () => ({ n: add({ a: 1, b: 2 }), extra: 3 })),
      "VariableNameNotFound",
      "'extra'",
    );
  });

  it("a cycle made with sequence names the nodes", () => {
    expectError(
      () =>
        workflow({ name: "wf", outputs: t.int }, () => {
          const first = add({ a: 1, b: 2 });
          const second = add({ a: first, b: 3 });
          sequence(second, first);
          return second;
        }),
      "CycleDetected",
      "workflow 'wf'",
      "n0 -> n1 -> n0",
    );
  });

  it("calling a task outside a workflow with a promise names the task and input", () => {
    let leaked: unknown;
    workflow({ name: "wf", inputs: { x: t.int }, outputs: t.int }, ({ x }) => {
      leaked = x;
      return add({ a: x, b: 1 });
    });
    expectError(() => add({ a: leaked as number, b: 1 }), "PromiseOutsideWorkflow", "task 'add'", "input 'a'");
  });

  it("reading a missing struct field names the field and the node", () => {
    const stats = task({ name: "stats", outputs: t.struct({ mean: t.float }) }, () => ({ mean: 1 }));
    expectError(
      () =>
        workflow({ name: "wf", outputs: t.float }, () => {
          // The types reject `.median` (test/types); cast to reach the run-time check.
          const s = stats() as unknown as { median: Ref<number> };
          return s.median;
        }),
      "FieldNotFound",
      "output 'o0' of node n0 (task 'stats')",
      "'median'",
    );
  });

  it("using a promise in an expression explains why", () => {
    expectError(
      () =>
        workflow({ name: "wf", inputs: { x: t.int }, outputs: t.string }, ({ x }) =>
          greet({ name: `n=${String(x as unknown as string)}` }),
        ),
      "InvalidWorkflowBody",
      "workflow input 'x' is a promise",
    );
  });

  it("an async workflow body is refused", () => {
    expectError(
      // @ts-expect-error -- workflow bodies are synchronous
      () => workflow({ name: "wf", outputs: t.int }, async () => add({ a: 1, b: 2 })),
      "InvalidWorkflowBody",
      "must be a plain (not async) function",
    );
  });

  it("a workflow without nodes is refused", () => {
    expectError(
      () => workflow({ name: "empty" }, () => undefined),
      "InvalidWorkflowBody",
      "workflow 'empty' has no nodes",
    );
  });

  it("a conditional case that is not one call is refused", () => {
    expectError(
      () =>
        workflow({ name: "wf", inputs: { x: t.int }, outputs: t.int }, ({ x }) =>
          conditional("c")
            .if(eq(x, 1))
            .then(add({ a: add({ a: x, b: 1 }), b: 1 }))
            .else()
            .then(add({ a: x, b: 2 })),
        ),
      "InvalidBranch",
      "conditional 'c'",
      "exactly one call",
    );
  });

  it("conditional cases with different outputs are refused", () => {
    expectError(
      () =>
        workflow({ name: "wf", inputs: { x: t.int } }, ({ x }) => {
          conditional("c")
            .if(eq(x, 1))
            .then(noop())
            .else()
            .then(pair() as never);
        }),
      "InvalidBranch",
      "every case must produce the same outputs",
    );
  });

  it("comparing promises of different types is refused", () => {
    expectError(
      () =>
        workflow({ name: "wf", inputs: { x: t.int, y: t.float }, outputs: t.int }, ({ x, y }) =>
          conditional("c")
            .if(eq<number>(x, y))
            .then(add({ a: x, b: 1 }))
            .else()
            .then(add({ a: x, b: 2 })),
        ),
      "MismatchingTypes",
      "operand types must be identical",
    );
  });

  it("a scheduled launch plan needs defaults for every input but the kickoff", () => {
    const wf = workflow({ name: "sched", inputs: { when: t.datetime, n: t.int }, outputs: t.int }, ({ n }) =>
      add({ a: n, b: 1 }),
    );
    expectError(
      () => launchPlan(wf, { name: "nightly", schedule: { cron: "0 0 * * *", kickoffInput: "when" } }),
      "InvalidSchedule",
      "launch plan 'nightly'",
      "'n' has none",
    );
    expectError(
      () => launchPlan(wf, { name: "bad", defaults: { n: 1 }, schedule: { cron: "every day" } }),
      "InvalidSchedule",
      "5 fields",
    );
    expectError(
      () => launchPlan(wf, { name: "kick", defaults: { n: 1 }, schedule: { cron: "@daily", kickoffInput: "n" } }),
      "InvalidSchedule",
      "must be a datetime",
    );
  });

  it("launch plan defaults for unknown inputs are named", () => {
    const wf = workflow({ name: "lpwf", inputs: { n: t.int }, outputs: t.int }, ({ n }) => add({ a: n, b: 1 }));
    // @ts-expect-error -- 'm' is not an input
    expectError(() => launchPlan(wf, { name: "lp", defaults: { m: 1 } }), "VariableNameNotFound", "'m'");
  });

  it("a container command using an unknown input is named", () => {
    expectError(
      () => containerTask({ name: "sh", image: "alpine", inputs: { a: t.int }, command: ["echo", "{{.inputs.b}}"] }),
      "VariableNameNotFound",
      "container task 'sh'",
      "{{.inputs.b}}",
    );
  });

  it("bad map options are named", () => {
    expectError(() => map(add, { minSuccessRatio: 2 }), "InvalidValue", "map(task 'add')", "minSuccessRatio");
    // @ts-expect-error -- 'c' is not an input of add
    expectError(() => map(add, { bound: ["c"] }), "InvalidValue", "bound input 'c'");
  });

  it("a task used by a workflow but not exported cannot be packaged", async () => {
    const hidden = task({ inputs: { n: t.int }, outputs: t.int }, ({ n }) => n);
    const wf = workflow({ outputs: t.int }, () => hidden({ n: 1 }));
    await expect(buildPackage([{ modulePath: "wf.ts", exports: { wf } }])).rejects.toMatchObject({
      code: "UnnamedEntity",
      message: expect.stringContaining("task defined at") as unknown,
    });
  });

  it("calling a workflow outside a workflow without a runner says local runs need the engine", async () => {
    const wf = workflow({ name: "local", outputs: t.int }, () => add({ a: 1, b: 2 }));
    await expect(wf()).rejects.toMatchObject({
      code: "NoLocalRunner",
      message: expect.stringContaining("local runs need the engine") as unknown,
    });
  });
});
