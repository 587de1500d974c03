/**
 * Engine benchmark: `npm run bench [-- --out FILE] [-- --shapes chain-100,map-1000] [-- --modes sqlite]`.
 *
 * Shapes (SDK-authored workflows, bench-workflows.ts): chain-100, fanout-100, map-1000,
 * many-workflows (200 × 3-task chain started together), active-10k (10,000 executions waiting on
 * a sleep gate; RSS with all active, then the sleep ends). Modes: `sqlite` (durable
 * SqliteStateStore on a temp file, file:// blobs, no-op in-process tasks) for every shape, and
 * `ts-task` (the real ts-task plugin over a warm WorkerPool of 2) for chain-100. Each case runs in
 * its own child process (so peak RSS is the case's own): one discarded warm-up, then the median of
 * several runs. Floors measured in the same run: an async loop awaiting a no-op per task over the
 * same DAG (per case), and spawning `node -e ""` per task with a PATH-only env.
 */
import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { runCase } from "./bench-case.js";
import type { CaseResult } from "./bench-case.js";
import { MODES, type Mode } from "./bench-engine.js";
import { table, toRecord } from "./bench-report.js";
import { SHAPES, type Shape } from "./bench-shapes.js";
import { spawnFloorMsPerTask } from "./floors.js";

const run = promisify(execFile);

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function pick<T extends string>(all: readonly T[], given: string | undefined): T[] {
  if (given === undefined) return [...all];
  const wanted = given.split(",");
  const bad = wanted.filter((w) => !all.includes(w as T));
  if (bad.length > 0) throw new Error(`unknown: ${bad.join(", ")} (known: ${all.join(", ")})`);
  return wanted as T[];
}

/** The cases: every shape on sqlite; chain-100 on ts-task; the diagnostic modes on chain-100 and map-1000. */
function cases(shapes: readonly Shape[], modes: readonly Mode[]): [Shape, Mode][] {
  const wanted = (shape: Shape, mode: Mode): boolean => {
    switch (mode) {
      case "sqlite":
        return true;
      case "ts-task":
        return shape === "chain-100";
      case "sqlite-group":
      case "sqlite-memblobs":
      case "memory":
        return shape === "chain-100" || shape === "map-1000";
      default: {
        const never: never = mode;
        throw new Error(`unknown mode ${String(never)}`);
      }
    }
  };
  const out: [Shape, Mode][] = [];
  for (const mode of modes) for (const shape of shapes) if (wanted(shape, mode)) out.push([shape, mode]);
  return out;
}

async function child(shape: Shape, mode: Mode): Promise<CaseResult> {
  const self = fileURLToPath(import.meta.url);
  const { stdout } = await run(
    process.execPath,
    ["--expose-gc", "--max-old-space-size=4096", "--import", "tsx", self, "--case", `${shape}:${mode}`],
    { maxBuffer: 16 * 2 ** 20 },
  );
  const last = stdout.trim().split("\n").at(-1) ?? "";
  return JSON.parse(last) as CaseResult;
}

async function main(): Promise<void> {
  const one = arg("--case");
  if (one !== undefined) {
    const [shape, mode] = one.split(":") as [Shape, Mode];
    process.stdout.write(`${JSON.stringify(await runCase(shape, mode, arg("--profile"), arg("--worker-profile")))}\n`);
    return;
  }
  const out = arg("--out");
  const todo = cases(pick(SHAPES, arg("--shapes")), pick(MODES, arg("--modes")));
  const spawnMs = await spawnFloorMsPerTask();
  process.stderr.write(`spawn floor: ${spawnMs.toFixed(2)} ms per node -e "" (PATH-only env)\n`);
  const records = [];
  for (const [shape, mode] of todo) {
    process.stderr.write(`running ${shape} × ${mode} …\n`);
    records.push(toRecord(await child(shape, mode), spawnMs));
  }
  process.stdout.write(`${table(records)}\n`);
  const sqliteChain = records.find((r) => r.shape === "chain-100" && r.mode === "sqlite");
  const tsChain = records.find((r) => r.shape === "chain-100" && r.mode === "ts-task");
  if (sqliteChain && tsChain)
    process.stdout.write(
      `ts-task overhead over in-process no-op tasks (chain-100): median ${(tsChain.ms_per_task - sqliteChain.ms_per_task).toFixed(3)} ms/task, ` +
        `best run ${(tsChain.best_ms_per_task - sqliteChain.best_ms_per_task).toFixed(3)} ms/task\n`,
    );
  if (out !== undefined) {
    writeFileSync(out, `${JSON.stringify({ spawn_floor_ms_per_task: spawnMs, records }, null, 2)}\n`);
    process.stderr.write(`wrote ${out}\n`);
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
