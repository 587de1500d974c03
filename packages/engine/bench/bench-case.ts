/** One benchmark case (shape × mode), run in its own process so its peak RSS is its own. */
import { startProfile } from "./case-profiler.js";
import { benchEngine, type Mode } from "./bench-engine.js";
import { benchClosures } from "./bench-closures.js";
import { loopFloorMsPerTask, median } from "./floors.js";
import { shapeSpec, type Shape } from "./bench-shapes.js";

export interface CaseResult {
  readonly shape: Shape;
  readonly mode: Mode;
  readonly tasks: number;
  readonly executions: number;
  readonly runs: number;
  readonly ms_per_task: number;
  /** The fastest measured run, per task: on a shared machine, the closest to the intrinsic cost. */
  readonly best_ms_per_task: number;
  readonly exec_per_s: number;
  readonly peak_rss_mb: number;
  /** This process's CPU time (user + system) per task over the measured runs: less sensitive to a busy machine. */
  readonly cpu_ms_per_task: number;
  readonly floor_loop_ms_per_task: number;
  readonly run_ms: readonly number[];
  /** State-store and blob-store calls per task over the measured runs. */
  readonly ops_per_task: Readonly<Record<string, number>>;
  readonly active_rss_mb?: number;
  readonly active_ms?: number;
}

/** Runs the case; with `profilePath`, the measured runs are CPU-profiled into that file. */
export async function runCase(
  shape: Shape,
  mode: Mode,
  profilePath?: string,
  workerProfileDir?: string,
): Promise<CaseResult> {
  const spec = shapeSpec(shape, await benchClosures());
  const be = await benchEngine({
    mode,
    ...(spec.clock ? { clock: spec.clock } : {}),
    ...(workerProfileDir === undefined ? {} : { workerProfileDir }),
  });
  try {
    // Warm-up (discarded); the huge shape warms up at a tenth of its size.
    await spec.run(be, "w", shape === "active-10k" ? 0.1 : 1);
    const results = [];
    const profiler = profilePath === undefined ? undefined : await startProfile(profilePath);
    be.ops.reset();
    const cpu0 = process.cpuUsage();
    for (let i = 0; i < spec.runs; i++) results.push(await spec.run(be, `r${i}`));
    const cpu = process.cpuUsage(cpu0);
    await profiler?.stop();
    const ms = median(results.map((r) => r.elapsedMs));
    const last = results.at(-1);
    return {
      shape,
      mode,
      tasks: spec.tasks,
      executions: spec.executions,
      runs: spec.runs,
      ms_per_task: ms / spec.tasks,
      best_ms_per_task: Math.min(...results.map((r) => r.elapsedMs)) / spec.tasks,
      exec_per_s: (spec.executions * 1000) / ms,
      cpu_ms_per_task: (cpu.user + cpu.system) / 1000 / spec.runs / spec.tasks,
      peak_rss_mb: process.resourceUsage().maxRSS / 1024,
      floor_loop_ms_per_task: await loopFloorMsPerTask(() => spec.floor(), spec.tasks),
      ops_per_task: be.ops.per(spec.runs * spec.tasks),
      run_ms: results.map((r) => Math.round(r.elapsedMs * 10) / 10),
      ...(last?.activeRssMb === undefined ? {} : { active_rss_mb: last.activeRssMb }),
      ...(last?.activeMs === undefined ? {} : { active_ms: last.activeMs }),
    };
  } finally {
    await be.close();
  }
}
