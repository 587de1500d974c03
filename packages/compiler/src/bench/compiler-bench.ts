/**
 * Compiler benchmark: `npm run bench:compiler [-- --out FILE] [-- --sizes 1000,10000]`.
 * For each shape and size, a child process generates the workflow, compiles it several times and
 * reports the median time and its own peak RSS, next to a reference floor (walking and cloning the
 * same templates) so the figures read as ratios. Growth per node should stay flat (linear time).
 */
import { fork } from "node:child_process";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { clone } from "@bufbuild/protobuf";
import { WorkflowTemplateSchema } from "@flyte-ts/idl/gen/flyteidl/core/workflow_pb";
import { compileWorkflow } from "../compile-workflow.js";
import { SHAPES, generate, type Shape } from "./workflow-shapes.js";

interface BenchRecord {
  nodes: number;
  shape: Shape;
  ms: number;
  floor_ms: number;
  peak_mb: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

function time(fn: () => void): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** Runs one case in this process and returns its record (used by the child processes). */
function runCase(shape: Shape, size: number): BenchRecord {
  const g = generate(shape, size);
  const reps = size >= 50_000 ? 3 : 5;
  const input = { primary: g.primary, subWorkflows: g.subWorkflows, tasks: g.tasks };
  const first = compileWorkflow(input); // warm-up, and a correctness check
  if (!first.ok)
    throw new Error(
      `${shape}/${size} failed to compile: ${first.errors
        .slice(0, 3)
        .map((e) => e.message)
        .join("; ")}`,
    );
  const runs: number[] = [];
  const floors: number[] = [];
  for (let i = 0; i < reps; i++) {
    // Reference floor: copy every template once and touch every node, as the compiler at least must.
    floors.push(
      time(() => {
        let touched = 0;
        for (const wf of [g.primary, ...g.subWorkflows]) touched += clone(WorkflowTemplateSchema, wf).nodes.length;
        if (touched === 0) throw new Error("empty workflow");
      }),
    );
    runs.push(time(() => compileWorkflow(input)));
  }
  return {
    nodes: g.nodeCount,
    shape,
    ms: round(median(runs)),
    floor_ms: round(median(floors)),
    peak_mb: round(process.resourceUsage().maxRSS / 1024),
  };
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}

function runInChild(shape: Shape, size: number): Promise<BenchRecord> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ["--case", shape, String(size)], {
      stdio: ["inherit", "inherit", "inherit", "ipc"],
    });
    child.once("message", (m) => resolve(m as BenchRecord));
    child.once("error", reject);
    child.once("exit", (code) => {
      if (code !== 0) reject(new Error(`benchmark case ${shape}/${size} exited with ${String(code)}`));
    });
  });
}

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const caseIndex = process.argv.indexOf("--case");
  if (caseIndex >= 0) {
    const shape = process.argv[caseIndex + 1] as Shape;
    const size = Number(process.argv[caseIndex + 2]);
    process.send?.(runCase(shape, size));
    return;
  }
  const sizes = (argValue("--sizes") ?? "1000,10000,50000").split(",").map(Number);
  const records: BenchRecord[] = [];
  for (const shape of SHAPES) for (const size of sizes) records.push(await runInChild(shape, size));

  const header = ["shape", "nodes", "median ms", "floor ms", "ms / floor", "µs / node", "peak MB"];
  const rows = records.map((r) => [
    r.shape,
    String(r.nodes),
    r.ms.toFixed(1),
    r.floor_ms.toFixed(1),
    r.floor_ms > 0 ? (r.ms / r.floor_ms).toFixed(1) : "-",
    ((r.ms * 1000) / r.nodes).toFixed(1),
    r.peak_mb.toFixed(0),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? "").length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padStart(widths[i] ?? 0)).join(" | ")} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const row of rows) console.log(line(row));

  let failed = false;
  for (const shape of SHAPES) {
    const own = records.filter((r) => r.shape === shape).sort((a, b) => a.nodes - b.nodes);
    const small = own[0];
    const big = own[own.length - 1];
    if (small && big && big !== small) {
      const growth = big.ms / big.nodes / (small.ms / small.nodes);
      console.log(
        `${shape}: time per node at ${big.nodes} nodes is ${growth.toFixed(2)}x that at ${small.nodes} nodes`,
      );
    }
    const tenK = own.find((r) => r.nodes >= 9_000 && r.nodes <= 11_000);
    if (tenK && tenK.ms >= 1000) {
      console.log(`FAIL: ${shape} with ${tenK.nodes} nodes took ${tenK.ms} ms (target < 1000 ms)`);
      failed = true;
    }
  }
  const out = argValue("--out");
  if (out) {
    writeFileSync(out, `${JSON.stringify(records, null, 2)}\n`);
    console.log(`wrote ${records.length} records to ${out}`);
  }
  if (failed) process.exitCode = 1;
}

await main();
