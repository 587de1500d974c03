import { describe, expect, it } from "vitest";
import { map, RecoverableError, t, task, workflow } from "@flyte-ts/sdk";
import type { LocalRunError } from "../src/index.js";
import { expectNothingActive, newRunner, nodesOf } from "./support/engine-test-kit.js";

describe("array (map task) nodes", () => {
  it("retries a failing index on its own: other indices run once", async () => {
    const calls = new Map<number, number>();
    const f = task({ name: "map_flaky", inputs: { x: t.int }, outputs: t.int, retries: 2 }, ({ x }) => {
      const n = (calls.get(x) ?? 0) + 1;
      calls.set(x, n);
      if (x === 2 && n < 3) throw new RecoverableError(`index for ${x} not ready`);
      return x * 2;
    });
    const wf = workflow({ name: "wf_map_retry", inputs: { xs: t.list(t.int) }, outputs: t.list(t.int) }, ({ xs }) =>
      map(f)({ x: xs }),
    );
    const r = newRunner();
    const { id, outputs } = await r.runToLiterals(wf.entity, { xs: [1, 2, 3] });
    expect(outputs.literals.o0?.value.case).toBe("collection");
    expect([...calls.entries()].sort()).toEqual([
      [1, 1],
      [2, 3],
      [3, 1],
    ]);
    const subs = (await nodesOf(r, id)).filter((n) => n.parentUniqueId !== undefined);
    expect(subs.map((n) => [n.specNodeId, n.attempt]).sort()).toEqual([
      ["0", 0],
      ["1", 2],
      ["2", 0],
    ]);
    // The array node itself never retried.
    expect((await nodesOf(r, id)).find((n) => n.specNodeId === "n0")?.attempt).toBe(0);
  });

  it("succeeds with min_success_ratio: failed indices give none in the output list", async () => {
    const f = task({ name: "map_some_fail", inputs: { x: t.int }, outputs: t.int }, ({ x }) => {
      if (x % 3 === 0) throw new Error(`no ${x}`);
      return x;
    });
    const wf = workflow(
      { name: "wf_map_ratio", inputs: { xs: t.list(t.int) }, outputs: t.list(t.optional(t.int)) },
      ({ xs }) => map(f, { minSuccessRatio: 0.6 })({ x: xs }),
    );
    const r = newRunner();
    expect(await r.run(wf.entity, { xs: [1, 2, 3, 4, 5] })).toEqual({ o0: [1, 2, null, 4, 5] });
  });

  it("fails once min successes can no longer be met, aborting the rest", async () => {
    const f = task({ name: "map_mostly_fail", inputs: { x: t.int }, outputs: t.int }, ({ x }) => {
      if (x > 1) throw new Error(`no ${x}`);
      return x;
    });
    const wf = workflow(
      { name: "wf_map_min", inputs: { xs: t.list(t.int) }, outputs: t.list(t.optional(t.int)) },
      ({ xs }) => map(f, { minSuccesses: 3 })({ x: xs }),
    );
    const r = newRunner();
    const err = (await r.runToLiterals(wf.entity, { xs: [1, 2, 3, 4] }).catch((e: unknown) => e)) as LocalRunError;
    expect(err.code).toBe("ArrayMinSuccessesNotMet");
    await expectNothingActive(r, err.execution);
  });

  it("rejects mapped inputs of different lengths (InvalidArrayLength)", async () => {
    const f = task({ name: "map_pair", inputs: { a: t.int, b: t.int }, outputs: t.int }, ({ a, b }) => a + b);
    const wf = workflow(
      { name: "wf_map_len", inputs: { as: t.list(t.int), bs: t.list(t.int) }, outputs: t.list(t.int) },
      ({ as, bs }) => map(f)({ a: as, b: bs }),
    );
    const r = newRunner();
    await expect(r.runToLiterals(wf.entity, { as: [1, 2], bs: [1] })).rejects.toMatchObject({
      code: "InvalidArrayLength",
    });
  });

  it("runs at most `concurrency` indices at once", async () => {
    let running = 0;
    let peak = 0;
    const f = task({ name: "map_peak", inputs: { x: t.int }, outputs: t.int }, async ({ x }) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((res) => setTimeout(res, 10));
      running--;
      return x;
    });
    const wf = workflow({ name: "wf_map_peak", inputs: { xs: t.list(t.int) }, outputs: t.list(t.int) }, ({ xs }) =>
      map(f, { concurrency: 2 })({ x: xs }),
    );
    const r = newRunner();
    expect(await r.run(wf.entity, { xs: [1, 2, 3, 4, 5, 6] })).toEqual({ o0: [1, 2, 3, 4, 5, 6] });
    expect(peak).toBe(2);
  });
});
