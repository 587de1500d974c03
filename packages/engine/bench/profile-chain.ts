/**
 * Engine-only profile of chain-100 against the BUILT engine (dist/, so .cpuprofile line numbers
 * are real): MemoryStateStore, in-memory blobs, no-op in-process tasks.
 *   npx tsc -b packages/engine && node --cpu-prof --cpu-prof-dir=/tmp/p --import tsx packages/engine/bench/profile-chain.ts [runs=20]
 */
import { literalMap, literals } from "@flyte-ts/idl";
import type { LiteralMap } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { MemoryStore } from "@flyte-ts/storage";
import { benchClosures } from "./bench-closures.js";
import { intOf } from "./bench-engine.js";
import { Engine, InProcessPlugin, MemoryStateStore, NullEventSink } from "../dist/index.js";

const runs = Number(process.argv[2] ?? 20);
const c = await benchClosures();
const inc = (i: LiteralMap): LiteralMap => literalMap({ o0: literals.integer(intOf(i.literals.x) + 1) });
const engine = new Engine({
  store: new MemoryStateStore(),
  blobs: new MemoryStore({ root: "memory://b" }),
  sink: new NullEventSink(),
  plugins: [new InProcessPlugin({ taskTypes: ["ts-task"], tasks: { "bench.bench-workflows.inc": inc } })],
  metadataPrefix: "memory://b/meta",
  rawOutputPrefix: "memory://b/raw",
  settings: { sweepIntervalMs: 0 },
});
for (let r = 0; r < runs; r++) {
  const t = performance.now();
  const id = { project: "p", domain: "d", name: `c${r}` };
  await engine.createExecution({ id, closure: c.chain100, inputs: literalMap({ x: literals.integer(1) }) });
  const res = await engine.waitFor(id);
  if (res.record.phase !== "Succeeded") throw new Error(`run ${r}: ${res.record.phase}`);
  console.log(`run ${r}: ${((performance.now() - t) / 100).toFixed(3)} ms/task`);
}
await engine.close();
