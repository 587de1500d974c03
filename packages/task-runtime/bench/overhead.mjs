// Measures what running a task through the warm worker pool costs on top of running the same
// attempt in-process: a no-op task, sequential attempts, median over several hundred runs.
// Run after building: `npx tsc -b packages/task-runtime && node packages/task-runtime/bench/overhead.mjs [runs]`
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { create } from "@bufbuild/protobuf";
import { LiteralMapSchema } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { FileStore, writeProto } from "@flyte-ts/storage";
import { executeTask, WorkerPool } from "../dist/index.js";

const RUNS = Number(process.argv[2] ?? 500);
const WARMUP = 50;
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "flyte-trt-bench-"));
const store = new FileStore({ root: pathToFileURL(dir).href });
const base = pathToFileURL(dir).href;
const inputs = `${base}/inputs.pb`;
await writeProto(store, inputs, LiteralMapSchema, create(LiteralMapSchema, {}));

let n = 0;
function attempt() {
  n += 1;
  return {
    inputs,
    outputPrefix: `${base}/out/${n}`,
    rawOutputDataPrefix: `${base}/raw/${n}`,
    resolver: "default",
    taskModule: "test/fixtures/tasks.ts",
    taskName: "noop",
  };
}

function stats(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { median: q(0.5), p90: q(0.9), p99: q(0.99) };
}

/** Runs the modes interleaved (one attempt of each per round), so machine noise hits them alike. */
async function timeModes(modes) {
  const samples = Object.fromEntries(Object.keys(modes).map((k) => [k, []]));
  for (let i = 0; i < WARMUP + RUNS; i++) {
    for (const [label, runOne] of Object.entries(modes)) {
      const t0 = process.hrtime.bigint();
      const r = await runOne();
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (r.outcome !== "outputs") throw new Error(`${label}: ${JSON.stringify(r)}`);
      if (i >= WARMUP) samples[label].push(ms);
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, stats(v)]));
}

const pool = new WorkerPool({ size: 1, root: ROOT, storage: { kind: "file", root: base } });
await pool.start();
const results = await timeModes({
  "in-process executeTask": () => executeTask({ ...attempt(), store, root: ROOT }),
  "through the pool": () => pool.run({ args: attempt() }).result,
  // The ts-task plugin's default: the worker's blob calls are served by the pool from this store.
  "pool, blob bridge": () => pool.run({ args: attempt(), store }).result,
});
await pool.close();
rmSync(dir, { recursive: true, force: true });

const fmt = (x) => `${x.toFixed(3)} ms`;
console.log(`no-op task, ${RUNS} rounds after ${WARMUP} warm-up, modes interleaved (file:// store)`);
for (const [label, r] of Object.entries(results)) {
  console.log(`${label.padEnd(24)} median ${fmt(r.median)}  p90 ${fmt(r.p90)}  p99 ${fmt(r.p99)}`);
}
const base0 = results["in-process executeTask"].median;
console.log(`ts-task overhead (median pool − median in-process): ${fmt(results["through the pool"].median - base0)}`);
console.log(`ts-task overhead with the blob bridge:              ${fmt(results["pool, blob bridge"].median - base0)}`);
