/**
 * Diagnostic for active-10k: starts N gated executions (sqlite mode), waits until all wait on
 * their sleep gate, then prints RSS / heap per execution and writes a heap snapshot.
 *   node --expose-gc --import tsx packages/engine/bench/active-heap.ts [N=1000] [snapshot path]
 */
import { writeHeapSnapshot } from "node:v8";
import { literalMap, literals } from "@flyte-ts/idl";
import { benchClosures } from "./bench-closures.js";
import { benchEngine } from "./bench-engine.js";
import { GATE_SLEEP_MS } from "./bench-workflows.js";
import { HoldingClock } from "./holding-clock.js";

const n = Number(process.argv[2] ?? 1000);
const snapshot = process.argv[3];
const c = await benchClosures();
const clock = new HoldingClock({ holdAtLeastMs: GATE_SLEEP_MS });
const be = await benchEngine({ mode: "sqlite", clock });
const mb = (b: number) => (b / 2 ** 20).toFixed(1);
globalThis.gc?.();
const m0 = process.memoryUsage();
const ids = Array.from({ length: n }, (_, i) => ({ project: "bench", domain: "development", name: `h${i}` }));
await Promise.all(
  ids.map((id, i) =>
    be.engine.createExecution({ id, closure: c.gated, inputs: literalMap({ x: literals.integer(i) }) }),
  ),
);
while (clock.held < n) await new Promise((r) => setTimeout(r, 20));
globalThis.gc?.();
const m1 = process.memoryUsage();
process.stdout.write(
  `${n} active: rss ${mb(m1.rss)} MB (+${((m1.rss - m0.rss) / n / 1024).toFixed(1)} KiB/exec), ` +
    `heapUsed +${((m1.heapUsed - m0.heapUsed) / n / 1024).toFixed(1)} KiB/exec, ` +
    `external+arrayBuffers +${((m1.external - m0.external) / n / 1024).toFixed(1)} KiB/exec\n`,
);
if (snapshot !== undefined) process.stdout.write(`snapshot: ${writeHeapSnapshot(snapshot)}\n`);
clock.release();
await Promise.all(ids.map((id) => be.engine.waitFor(id)));
await be.close();
