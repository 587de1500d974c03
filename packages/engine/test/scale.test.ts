import { expect, it } from "vitest";
import { map, t, task, workflow } from "@flyte-ts/sdk";
import { newRunner, TaskExecution_Phase } from "./support/engine-test-kit.js";

const f = task({ name: "scale_f", inputs: { x: t.int }, outputs: t.int }, ({ x }) => x * 2);
const wf = workflow({ name: "wf_scale", inputs: { xs: t.list(t.int) }, outputs: t.list(t.int) }, ({ xs }) =>
  map(f, { concurrency: 50 })({ x: xs }),
);

// Guards against quadratic work per finished index (waking every waiting index, rebuilding the
// scope on each evaluation): 3000 indices with concurrency 50 take a few seconds when linear.
it("a 3000-index map with concurrency 50 completes, each index once", async () => {
  const r = newRunner();
  const xs = Array.from({ length: 3000 }, (_, i) => i);
  const started = Date.now();
  expect(await r.run(wf.entity, { xs })).toEqual({ o0: xs.map((x) => x * 2) });
  console.log(`scale: 3000-index map in ${Date.now() - started} ms`);
  expect(r.sink.taskEvents().filter((e) => e.phase === TaskExecution_Phase.SUCCEEDED).length).toBe(3000);
}, 60_000);
