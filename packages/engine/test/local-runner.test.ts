import { afterAll, describe, expect, it } from "vitest";
import { buildPackage, dynamic, t, task, workflow } from "@flyte-ts/sdk";
import { installLocalRunner, LocalRunError } from "../src/index.js";

const add = task({ inputs: { a: t.int, b: t.int }, outputs: t.int }, ({ a, b }) => a + b);
const twice = task({ inputs: { a: t.int }, outputs: t.int }, ({ a }) => a * 2);
const wf = workflow({ inputs: { x: t.int }, outputs: t.int }, ({ x }) => add({ a: add({ a: x, b: 1 }), b: 2 }));
const dyn = dynamic({ inputs: { n: t.int }, outputs: t.int }, ({ n }) => {
  let x = twice({ a: 1 });
  for (let i = 1; i < n; i++) x = twice({ a: x });
  return x;
});
const picky = task({ inputs: { a: t.int }, outputs: t.int }, ({ a }) => {
  if (a < 0) throw new Error("negative");
  return a;
});
const pickyWf = workflow({ inputs: { a: t.int }, outputs: t.int }, ({ a }) => picky({ a }));

describe("local runs through the engine (setLocalRunner)", () => {
  const { uninstall, runner } = installLocalRunner({ settings: { sweepIntervalMs: 0 } });
  afterAll(() => uninstall());

  it("runs a workflow called outside a workflow body, unexported entities included", async () => {
    expect(await wf({ x: 1 })).toBe(4);
    expect(runner.sink.workflowEvents().length).toBeGreaterThan(0);
  });

  it("leaves entity names as they were (a later package names them after their module)", async () => {
    await wf({ x: 2 });
    expect(wf.entity.name).toBeUndefined();
    expect(add.entity.name).toBeUndefined();
    const pkg = await buildPackage([{ modulePath: "pkg/mod.ts", exports: { wf, add } }]);
    expect(pkg.entries.map((e) => e.name)).toContain("pkg.mod.wf");
  });

  it("runs a dynamic task called directly (wrapped in a one-node workflow)", async () => {
    expect(await dyn({ n: 3 })).toBe(8);
  });

  it("raises the execution's error as a LocalRunError with its code", async () => {
    let err: unknown;
    try {
      await pickyWf({ a: -1 });
    } catch (e) {
      err = e;
    }
    if (!(err instanceof LocalRunError)) throw new Error("expected a LocalRunError");
    expect(err.code).toBe("USER:Error");
    expect(err.message).toContain("negative");
  });
});
