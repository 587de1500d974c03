/** Targets, ratios and the printed table of the engine benchmark. */
import type { CaseResult } from "./bench-case.js";

export interface BenchRecord extends CaseResult {
  readonly floor_spawn_ms_per_task: number;
  readonly ratio_to_loop_floor: number;
  readonly ratio_to_spawn_floor: number;
  readonly target: string;
  readonly target_met: boolean;
}

/** The target of a case (from the engine's budgets) and whether it was met. */
function target(r: CaseResult): { target: string; met: boolean } {
  if (r.mode === "ts-task") return { target: "≤ 2 ms/task", met: r.ms_per_task <= 2 };
  if (r.mode !== "sqlite") return { target: "(diagnostic)", met: true };
  switch (r.shape) {
    case "chain-100":
      return { target: "≤ 0.5 ms/task", met: r.ms_per_task <= 0.5 };
    case "fanout-100":
      return { target: "≤ 0.3 ms/task", met: r.ms_per_task <= 0.3 };
    case "map-1000":
      return { target: "≤ 0.15 ms/item", met: r.ms_per_task <= 0.15 };
    case "many-workflows":
      return { target: "≥ 2000 exec/s", met: r.exec_per_s >= 2000 };
    case "active-10k":
      return { target: "≤ 1024 MiB RSS active", met: (r.active_rss_mb ?? Infinity) <= 1024 };
    default: {
      const never: never = r.shape;
      throw new Error(`unknown shape ${String(never)}`);
    }
  }
}

export function toRecord(r: CaseResult, spawnMsPerTask: number): BenchRecord {
  const t = target(r);
  return {
    ...r,
    floor_spawn_ms_per_task: spawnMsPerTask,
    ratio_to_loop_floor: r.ms_per_task / r.floor_loop_ms_per_task,
    ratio_to_spawn_floor: r.ms_per_task / spawnMsPerTask,
    target: t.target,
    target_met: t.met,
  };
}

const fmt = (n: number | undefined, digits = 3): string => (n === undefined ? "-" : n.toFixed(digits));

export function table(records: readonly BenchRecord[]): string {
  const head = [
    "shape",
    "mode",
    "tasks",
    "runs",
    "ms/task",
    "best ms/task",
    "cpu ms/task",
    "exec/s",
    "peak RSS MB",
    "active RSS MB",
    "× loop floor",
    "× spawn floor",
    "target",
    "met",
  ];
  const rows = records.map((r) => [
    r.shape,
    r.mode,
    String(r.tasks),
    String(r.runs),
    fmt(r.ms_per_task),
    fmt(r.best_ms_per_task),
    fmt(r.cpu_ms_per_task),
    fmt(r.exec_per_s, 0),
    fmt(r.peak_rss_mb, 0),
    fmt(r.active_rss_mb, 0),
    fmt(r.ratio_to_loop_floor, 0),
    fmt(r.ratio_to_spawn_floor, 4),
    r.target,
    r.mode !== "sqlite" && r.mode !== "ts-task" ? "-" : r.target_met ? "yes" : "NO",
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? "").length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ");
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}
