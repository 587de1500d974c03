import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FlyteFile, memoryDataAccess, nameEntities, type ModuleExports } from "@flyte-ts/sdk";
import { literals } from "@flyte-ts/idl";
import { LocalEngineRunner, ManualClock, type TaskPlugin } from "../src/index.js";
import { ContainerPlugin } from "../src/plugins/container/container-plugin.js";

const containerWorkDir = mkdtempSync(join(tmpdir(), "examples-containers-"));
afterAll(() => rmSync(containerWorkDir, { recursive: true, force: true }));

/** Every example module, loaded through the same SDK instance as the engine. */
const examples = import.meta.glob<Record<string, unknown>>("../../../examples/*.ts");

type Call = (...args: unknown[]) => Promise<unknown>;
interface Case {
  readonly run: (m: Record<string, Call>, r: LocalEngineRunner, clock: ManualClock) => Promise<void>;
  /** Extra plugins the example needs (raw containers). */
  readonly plugins?: () => TaskPlugin[];
}
type Entry = Case | { readonly skip: string };

/** Drives gates: sets every pending signal and moves the clock until `done` settles. */
async function driveGates(
  r: LocalEngineRunner,
  clock: ManualClock,
  done: Promise<unknown>,
  values: Record<string, ReturnType<typeof literals.string>>,
) {
  let settled = false;
  void done.finally(() => (settled = true)).catch(() => undefined);
  while (!settled) {
    await new Promise((res) => setTimeout(res, 5));
    for (const p of r.signals.pending()) {
      const v = values[p.signalId];
      if (v) r.signals.set(p.execution, p.signalId, v);
    }
    clock.advance(1000);
  }
}

const cases: Record<string, Entry> = {
  "hello-world.ts": { run: async (m) => expect(await m.helloWorld!()).toBe("hello world") },
  "basic-workflow.ts": {
    run: async (m) => expect(await m.basicWorkflow!({ a: 1, b: "hello " })).toEqual({ o0: 3, o1: "hello world" }),
  },
  "chained-tasks.ts": { run: async (m) => expect(await m.chainTasks!()).toBe("hello") },
  "named-outputs.ts": {
    run: async (m) => expect(await m.namedOutputsWorkflow!()).toEqual({ greet1: "hello world", greet2: "hello world" }),
  },
  "conditions.ts": {
    run: async (m) => {
      expect(await m.multiplier!({ myInput: 0.5 })).toBe(1);
      expect(await m.multiplier!({ myInput: 5 })).toBe(25);
      await expect(m.multiplier!({ myInput: 20 })).rejects.toMatchObject({ code: "UserProvidedError" });
      expect(await m.nestedConditions!({ myInput: 0.3 })).toBeCloseTo(0.6);
      expect(await m.nestedConditions!({ myInput: 0.6 })).toBeCloseTo(0.36);
      expect(await m.nestedConditions!({ myInput: 20 })).toBe(40);
      expect(await m.consumeOutputs!({ myInput: 3, seed: 2 })).toBe(18);
      expect(await m.consumeOutputs!({ myInput: 3, seed: 1 })).toBe(12);
    },
  },
  "map-task.ts": {
    run: async (m) => {
      expect(await m.myMapWorkflow!({ a: [1, 2, 3] })).toBe("111213");
      expect(await m.scaleAll!({ xs: [1, 2, 4], factor: 3 })).toEqual([3, 6, 12]);
    },
  },
  "dynamic-workflow.ts": { run: async (m) => expect(await m.dynamicWf!({ s1: "hello", s2: "world" })).toBe(3) },
  "merge-sort.ts": {
    run: async (m) => {
      const numbers = [9, 4, 12, 1, 7, 3, 11, 2, 8, 10, 6, 5];
      expect(await m.mergeSort!({ numbers, numbersCount: numbers.length, runLocallyAt: 3 })).toEqual(
        [...numbers].sort((a, b) => a - b),
      );
      expect(await m.mergeSort!({ numbers: [3, 1, 2], numbersCount: 3 })).toEqual([1, 2, 3]);
    },
  },
  "subworkflows.ts": {
    run: async (m) => {
      expect(await m.parentWf!({ a: 1 })).toEqual({ o0: 3, o1: "world", o2: "world" });
      expect(await m.nestedParentWf!({ a: 1 })).toEqual({ o0: 5, o1: "world" });
    },
  },
  "launch-plans.ts": {
    run: async (m) => {
      expect(await m.default4Lp!({})).toBe(16);
      expect(await m.default4Lp!({ val: 3 })).toBe(9);
      expect(await m.always2Lp!({})).toBe(16);
      expect(await m.parentOfLp!()).toBe(16);
      expect(await m.heartbeat!()).toBe("Good morning on alive (1970-01-01T00:00:00.000Z)");
      expect(await m.morningGreeting!({ when: new Date("2026-01-05T09:00:00Z") })).toBe(
        "Good morning on weekday (2026-01-05T09:00:00.000Z)",
      );
    },
  },
  "caching.ts": {
    run: async (m, r) => {
      expect(await m.cachedWf!({ n: 3, runId: "a" })).toBe(82);
      const before = r.sink.taskEvents().length;
      expect(await m.cachedWf!({ n: 3, runId: "b" })).toBe(82);
      expect(r.sink.taskEvents().length).toBe(before);
    },
  },
  "ml-pipeline.ts": {
    run: async (m) => {
      const out = (await m.mlPipeline!({ n: 100, epochs: 300 })) as {
        metrics: { r2: number; n: number };
        summary: string;
      };
      expect(out.metrics.n).toBe(25);
      expect(out.metrics.r2).toBeGreaterThan(0.9);
      expect(out.summary).toMatch(/^mse=\d+\.\d{4} r2=0\.9\d{3} weight=\d\.\d{3}$/);
    },
  },
  "files-and-directories.ts": {
    run: async (m) => {
      const csv = FlyteFile.fromBytes(new TextEncoder().encode("x,y\n1,5\n3,6\n"), "in.csv");
      const out = (await m.normalizeCsvFile!({
        csvUrl: csv,
        columnNames: ["x", "y"],
        columnsToNormalize: ["x"],
      })) as FlyteFile;
      expect(await out.text()).toBe("x,y\n-1,5\n1,6\n");
    },
  },
  "dataframe-processing.ts": { run: async (m) => expect(await m.dataframeWf!({ n: 100 })).toBeCloseTo(44.5) },
  "gates.ts": {
    run: async (m, r, clock) => {
      const run = m.reportingWf!({ data: "sales" });
      await driveGates(r, clock, run, { title: literals.string("Q3"), "review-report": literals.boolean(true) });
      expect(await run).toBe("Q3: report on sales");
    },
  },
  "references.ts": {
    skip: "reference entities are registered elsewhere and have no body to run locally (remote only)",
  },
  "container-task.ts": {
    // The container plugin runs the command as a local process when no container runtime works
    // (the image is ignored), so this runs on every machine with `sh` and `awk`.
    plugins: () => [new ContainerPlugin({ workDir: containerWorkDir, runtimes: [], allowLocalProcess: true })],
    run: async (m) => expect(await m.containerWf!({ a: 2, b: 3 })).toBe("area 18.85 computed by sh"),
  },
};

describe("examples run locally through the engine", () => {
  const paths = Object.keys(examples).sort();

  it("has a case (or a stated reason to skip) for every example", () => {
    const names = paths.map((p) => p.replace("../../../examples/", ""));
    expect(names.filter((n) => !(n in cases))).toEqual([]);
  });

  for (const path of paths) {
    const name = path.replace("../../../examples/", "");
    const entry = cases[name];
    if (!entry) continue;
    if ("skip" in entry) {
      it(`${name} (skipped: ${entry.skip})`, () => {
        console.log(`examples: ${name} not run locally: ${entry.skip}`);
      });
      continue;
    }
    it(`${name} gives the expected outputs`, async () => {
      const loader = examples[path];
      if (!loader) throw new Error(`no example ${path}`);
      const mod: ModuleExports = { modulePath: `examples/${name}`, exports: await loader() };
      nameEntities([mod]);
      const clock = new ManualClock(Date.now());
      const runner = new LocalEngineRunner({ data: memoryDataAccess(), clock, plugins: entry.plugins?.() ?? [] });
      const { setLocalRunner } = await import("@flyte-ts/sdk");
      setLocalRunner(runner.run);
      try {
        await entry.run(mod.exports as Record<string, Call>, runner, clock);
      } finally {
        setLocalRunner(undefined);
        await runner.close();
      }
    });
  }
});
