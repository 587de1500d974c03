/** Reference floors measured in the same run as the engine figures. */
import { spawn } from "node:child_process";

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
}

/** Median ms per task of `fn` (which runs `tasks` awaited no-ops), over `reps` repetitions after a warm-up. */
export async function loopFloorMsPerTask(fn: () => Promise<void>, tasks: number, reps = 21): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return median(times) / tasks;
}

function spawnOnce(env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["-e", ""], { env, stdio: "ignore" });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`node -e "" exited ${String(code)}`))));
  });
}

/**
 * Ms per task of spawning `node -e ""` once per task, one after another (the floor of a
 * process-per-task engine), with a minimal environment (PATH only: no NODE_OPTIONS, no
 * NODE_EXTRA_CA_CERTS). Measured over `tasks` spawns after one warm-up; scales linearly.
 */
export async function spawnFloorMsPerTask(tasks = 20): Promise<number> {
  const env = { PATH: process.env.PATH ?? "/usr/bin:/bin" };
  await spawnOnce(env);
  const times: number[] = [];
  for (let i = 0; i < tasks; i++) {
    const t0 = performance.now();
    await spawnOnce(env);
    times.push(performance.now() - t0);
  }
  return median(times);
}
