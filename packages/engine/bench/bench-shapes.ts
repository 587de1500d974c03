/**
 * The benchmark shapes: what each one starts, how many task runs it counts, how it checks its
 * outputs, and the floor (a plain async loop over the same DAG, one awaited no-op per task in
 * topological order).
 */
import type { CompiledWorkflowClosure } from "@flyte-ts/idl/gen/flyteidl/core/compiler_pb";
import type { LiteralMap } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { literalMap, literals } from "@flyte-ts/idl";
import type { ExecutionResult } from "../src/index.js";
import type { BenchEngine } from "./bench-engine.js";
import { intOf } from "./bench-engine.js";
import type { benchClosures } from "./bench-closures.js";
import { CHAIN_LENGTH, FANOUT_WIDTH, GATE_SLEEP_MS, SMALL_CHAIN_LENGTH } from "./bench-workflows.js";
import { HoldingClock } from "./holding-clock.js";

export const SHAPES = ["chain-100", "fanout-100", "map-1000", "many-workflows", "active-10k"] as const;
export type Shape = (typeof SHAPES)[number];

type Closures = Awaited<ReturnType<typeof benchClosures>>;

export interface RunResult {
  readonly elapsedMs: number;
  /** active-10k: time until every execution waits on its gate, and the RSS then. */
  readonly activeMs?: number;
  readonly activeRssMb?: number;
}

export interface ShapeSpec {
  readonly tasks: number;
  readonly executions: number;
  /** Measured runs (after one discarded warm-up). */
  readonly runs: number;
  readonly clock?: HoldingClock;
  /** One run; `scale` < 1 for a smaller warm-up. */
  readonly run: (be: BenchEngine, tag: string, scale?: number) => Promise<RunResult>;
  /** The floor: the same DAG as awaited no-ops. */
  readonly floor: () => Promise<void>;
}

const MAP_ITEMS = 1000;
const MANY = 200;
const ACTIVE = 10_000;

const noop = (x: number): Promise<number> => Promise.resolve(x + 1);

async function loop(n: number): Promise<void> {
  let x = 0;
  for (let i = 0; i < n; i++) x = await noop(x);
  if (x !== n) throw new Error("floor loop miscounted");
}

interface Start {
  readonly closure: CompiledWorkflowClosure;
  readonly inputs: LiteralMap;
  readonly check: (outputs: LiteralMap | undefined) => void;
}

/** Creates every execution at once; resolves with their results once all are terminal and checked. */
async function startAll(be: BenchEngine, tag: string, starts: readonly Start[]): Promise<{ done: Promise<void> }> {
  const ids = starts.map((_, i) => ({ project: "bench", domain: "development", name: `${tag}x${i}` }));
  await Promise.all(ids.map((id, i) => be.engine.createExecution({ id, ...(starts[i] as Start) })));
  const done = Promise.all(ids.map((id) => be.engine.waitFor(id))).then((results: ExecutionResult[]) => {
    results.forEach((r, i) => {
      if (r.record.phase !== "Succeeded")
        throw new Error(`${ids[i]?.name ?? "?"} ended ${r.record.phase}: ${r.record.error?.message ?? ""}`);
      starts[i]?.check(r.outputs);
    });
  });
  return { done };
}

const expectInt = (want: number) => (o: LiteralMap | undefined) => {
  const got = intOf(o?.literals.o0);
  if (got !== want) throw new Error(`expected output ${want}, got ${got}`);
};

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

function simple(o: { tasks: number; executions: number; runs: number; starts: () => Start[] }): ShapeSpec {
  return {
    tasks: o.tasks,
    executions: o.executions,
    runs: o.runs,
    run: async (be, tag) => ({ elapsedMs: await timed(async () => (await startAll(be, tag, o.starts())).done) }),
    floor: () => loop(o.tasks),
  };
}

export function shapeSpec(shape: Shape, c: Closures): ShapeSpec {
  switch (shape) {
    case "chain-100":
      return simple({
        tasks: CHAIN_LENGTH,
        executions: 1,
        runs: 5,
        starts: () => [
          { closure: c.chain100, inputs: literalMap({ x: literals.integer(1) }), check: expectInt(1 + CHAIN_LENGTH) },
        ],
      });
    case "fanout-100":
      return simple({
        tasks: FANOUT_WIDTH + 2,
        executions: 1,
        runs: 5,
        starts: () => [
          { closure: c.fanout100, inputs: literalMap({ x: literals.integer(1) }), check: expectInt(FANOUT_WIDTH * 3) },
        ],
      });
    case "map-1000":
      return simple({
        tasks: MAP_ITEMS,
        executions: 1,
        runs: 3,
        starts: () => [
          {
            closure: c.mapInc,
            inputs: literalMap({
              xs: literals.collection(Array.from({ length: MAP_ITEMS }, (_, i) => literals.integer(i))),
            }),
            check: (o) => {
              const l = o?.literals.o0;
              const items = l?.value.case === "collection" ? l.value.value.literals : [];
              if (items.length !== MAP_ITEMS || intOf(items[MAP_ITEMS - 1]) !== MAP_ITEMS)
                throw new Error("map outputs are wrong");
            },
          },
        ],
      });
    case "many-workflows":
      return simple({
        tasks: MANY * SMALL_CHAIN_LENGTH,
        executions: MANY,
        runs: 5,
        starts: () =>
          Array.from({ length: MANY }, (_, i) => ({
            closure: c.chain3,
            inputs: literalMap({ x: literals.integer(i) }),
            check: expectInt(i + SMALL_CHAIN_LENGTH),
          })),
      });
    case "active-10k":
      return activeShape(c);
    default: {
      const never: never = shape;
      throw new Error(`unknown shape ${String(never)}`);
    }
  }
}

/** 10,000 executions each waiting on a sleep gate: RSS with all of them active, then the sleep ends. */
function activeShape(c: Closures): ShapeSpec {
  const clock = new HoldingClock({ holdAtLeastMs: GATE_SLEEP_MS });
  return {
    tasks: ACTIVE,
    executions: ACTIVE,
    runs: 1,
    clock,
    floor: () => loop(ACTIVE),
    run: async (be, tag, scale = 1) => {
      const n = Math.round(ACTIVE * scale);
      const t0 = performance.now();
      const starts = Array.from({ length: n }, (_, i) => ({
        closure: c.gated,
        inputs: literalMap({ x: literals.integer(i) }),
        check: expectInt(i + 1),
      }));
      const { done } = await startAll(be, tag, starts);
      let failed: unknown;
      done.catch((e: unknown) => {
        failed = e;
      });
      while (clock.held < n) {
        if (failed !== undefined)
          throw failed instanceof Error ? failed : new Error("an execution failed", { cause: failed });
        await new Promise((r) => setTimeout(r, 20));
      }
      const activeMs = performance.now() - t0;
      global.gc?.();
      const activeRssMb = process.memoryUsage().rss / 2 ** 20;
      clock.release();
      await done;
      return { elapsedMs: performance.now() - t0, activeMs, activeRssMb };
    },
  };
}
