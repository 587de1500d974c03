/**
 * The benchmark's workflows, authored with the SDK. This module is also the task module the
 * ts-task worker pool imports (`bench/bench-workflows.ts` under the engine package root), so it
 * imports nothing but the SDK.
 */
import { map, sequence, sleep, t, task, workflow } from "@flyte-ts/sdk";

/** The per-node task: x + 1. In `sqlite` mode the engine runs a literal-level no-op instead of this body. */
export const inc = task({ inputs: { x: t.int }, outputs: t.int }, ({ x }) => x + 1);

/** Sums a list (the reduce step of the fan-out). */
export const total = task({ inputs: { xs: t.list(t.int) }, outputs: t.int }, ({ xs }) => xs.reduce((a, b) => a + b, 0));

export const CHAIN_LENGTH = 100;
export const FANOUT_WIDTH = 100;
export const SMALL_CHAIN_LENGTH = 3;
/** The sleep of the active-10k gate: long enough that it only ends when the bench says so. */
export const GATE_SLEEP_MS = 3_600_000;

function chainOf(n: number, x: Parameters<typeof inc>[0]["x"]): ReturnType<typeof inc> {
  let out = inc({ x });
  for (let i = 1; i < n; i++) out = inc({ x: out });
  return out;
}

/** chain-100: 100 tasks in a line; output = x + 100. */
export const chain100 = workflow({ inputs: { x: t.int }, outputs: t.int }, ({ x }) => chainOf(CHAIN_LENGTH, x));

/** fanout-100: 1 → 100 parallel → reduce; output = 100 · (x + 2). */
export const fanout100 = workflow({ inputs: { x: t.int }, outputs: t.int }, ({ x }) => {
  const root = inc({ x });
  const wide = Array.from({ length: FANOUT_WIDTH }, () => inc({ x: root }));
  return total({ xs: wide });
});

/** map-1000: a map task over the input list; output[i] = xs[i] + 1. */
export const mapInc = workflow({ inputs: { xs: t.list(t.int) }, outputs: t.list(t.int) }, ({ xs }) =>
  map(inc)({ x: xs }),
);

/** many-workflows: a 3-task chain; output = x + 3. */
export const chain3 = workflow({ inputs: { x: t.int }, outputs: t.int }, ({ x }) => chainOf(SMALL_CHAIN_LENGTH, x));

/** active-10k: a sleep gate, then one task; output = x + 1. */
export const gated = workflow({ inputs: { x: t.int }, outputs: t.int }, ({ x }) => {
  const z = sleep(`${GATE_SLEEP_MS / 1000}s`);
  const out = inc({ x });
  sequence(z, out);
  return out;
});
