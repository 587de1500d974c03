/** CPU profile of the measured runs only (not start-up or clean-up), through the inspector. */
import { Session } from "node:inspector/promises";
import { writeFileSync } from "node:fs";

export interface CaseProfiler {
  stop(): Promise<void>;
}

/** Starts profiling this process; `stop()` writes the `.cpuprofile` to `path`. */
export async function startProfile(path: string): Promise<CaseProfiler> {
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 200 });
  await session.post("Profiler.start");
  return {
    async stop() {
      const { profile } = await session.post("Profiler.stop");
      writeFileSync(path, JSON.stringify(profile));
      session.disconnect();
    },
  };
}
