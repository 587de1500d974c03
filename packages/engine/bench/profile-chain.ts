/**
 * chain-100 run many times in one process against the BUILT engine (dist/, so .cpuprofile line
 * numbers are real), printing ms/task per run: shows the JIT warm-up and the steady state.
 * Stores: `memory` (MemoryStateStore + memory blobs), `sqlite` (SqliteStateStore on a temp file +
 * memory blobs), `sqlite-file` (SqliteStateStore + file:// blobs). No-op in-process tasks.
 *   npx tsc -b packages/engine && node [--cpu-prof --cpu-prof-dir=/tmp/p] --import tsx \
 *     packages/engine/bench/profile-chain.ts [runs=20] [memory|sqlite|sqlite-file]
 */
import { literalMap, literals } from "@flyte-ts/idl";
import type { LiteralMap } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FileStore, MemoryStore } from "@flyte-ts/storage";
import { benchClosures } from "./bench-closures.js";
import { intOf } from "./bench-engine.js";
import { Engine, InProcessPlugin, MemoryStateStore, NullEventSink, type StateStore } from "../dist/index.js";
import { SqliteStateStore } from "../dist/state/sqlite-store.js";

const runs = Number(process.argv[2] ?? 20);
const mode = process.argv[3] ?? "memory";
const dir = mkdtempSync(join(tmpdir(), "profile-chain-"));
const store: StateStore =
  mode === "memory" ? new MemoryStateStore() : new SqliteStateStore({ path: join(dir, "state.db") });
const root = mode === "sqlite-file" ? `file://${dir}/blobs` : "memory://b";
const c = await benchClosures();
const inc = (i: LiteralMap): LiteralMap => literalMap({ o0: literals.integer(intOf(i.literals.x) + 1) });
const engine = new Engine({
  store,
  blobs: mode === "sqlite-file" ? new FileStore({ root }) : new MemoryStore({ root }),
  sink: new NullEventSink(),
  plugins: [new InProcessPlugin({ taskTypes: ["ts-task"], tasks: { "bench.bench-workflows.inc": inc } })],
  metadataPrefix: `${root}/meta`,
  rawOutputPrefix: `${root}/raw`,
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
if (store instanceof SqliteStateStore) await store.close();
rmSync(dir, { recursive: true, force: true });
