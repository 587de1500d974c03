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

async function timeRuns(label, runOne) {
  for (let i = 0; i < WARMUP; i++) await runOne();
  const samples = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    const r = await runOne();
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (r.outcome !== "outputs") throw new Error(`${label}: ${JSON.stringify(r)}`);
  }
  return stats(samples);
}

const inProcess = await timeRuns("in-process", () => {
  const a = attempt();
  return executeTask({ ...a, store, root: ROOT });
});

const pool = new WorkerPool({ size: 1, root: ROOT, storage: { kind: "file", root: base } });
await pool.start();
const pooled = await timeRuns("pool", () => pool.run({ args: attempt() }).result);
await pool.close();
rmSync(dir, { recursive: true, force: true });

const fmt = (x) => `${x.toFixed(3)} ms`;
console.log(`no-op task, ${RUNS} sequential attempts after ${WARMUP} warm-up (file:// store)`);
console.log(
  `in-process executeTask: median ${fmt(inProcess.median)}  p90 ${fmt(inProcess.p90)}  p99 ${fmt(inProcess.p99)}`,
);
console.log(`through the pool:       median ${fmt(pooled.median)}  p90 ${fmt(pooled.p90)}  p99 ${fmt(pooled.p99)}`);
console.log(`ts-task overhead (median pool − median in-process): ${fmt(pooled.median - inProcess.median)}`);
