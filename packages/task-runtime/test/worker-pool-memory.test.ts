import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { ContainerError_Kind } from "@flyte-ts/idl/gen/flyteidl/core/errors_pb";
import { ExecutionError_ErrorKind } from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";
import { literals } from "@flyte-ts/idl";
import { RuntimeErrorCode, WorkerPool } from "../src/index.js";
import { intOf, PACKAGE_ROOT, sandbox } from "./helpers.js";

const box = sandbox();
const pools: WorkerPool[] = [];
function newPool(opts: Partial<ConstructorParameters<typeof WorkerPool>[0]> = {}): WorkerPool {
  const pool = new WorkerPool({ size: 1, root: PACKAGE_ROOT, rssSampleMs: 20, ...opts });
  pools.push(pool);
  return pool;
}
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
  box.cleanup();
});

/** Runs the `pid` fixture (no memory limit) and returns the worker's pid. */
async function pidOf(pool: WorkerPool): Promise<number> {
  const args = await box.attempt("pid");
  await pool.run({ args }).result;
  return intOf(await box.outputs(args), "o0");
}

const rssMbOf = (pid: number): number =>
  (Number(readFileSync(`/proc/${pid}/statm`, "utf8").split(" ")[1]) * 4096) / 2 ** 20;

// The RSS check reads /proc, so these run on Linux only (elsewhere only the heap limit applies).
describe.runIf(process.platform === "linux")("WorkerPool per-attempt memory limits (RSS, Linux)", () => {
  it("a limit below the worker's own footprint limits the attempt's growth: a small task succeeds, the worker stays", async () => {
    const limitMb = 64;
    const pool = newPool();
    await pool.start();
    // The first attempt on a fresh worker (it also loads the task module) ...
    const args = await box.attempt("sleeps", { ms: literals.integer(400) });
    const r = await pool.run({ args, memoryLimitMb: limitMb }).result;
    expect(r).toMatchObject({ outcome: "outputs" });
    // ... and a second one on the same, warm worker.
    const again = await box.attempt("sleeps", { ms: literals.integer(200) });
    expect((await pool.run({ args: again, memoryLimitMb: limitMb }).result).outcome).toBe("outputs");
    const pid = await pidOf(pool);
    // The Node runtime alone is above the limit: counting it would kill every attempt.
    expect(rssMbOf(pid)).toBeGreaterThan(limitMb);
    expect(pool.stats()).toMatchObject({ started: 1, replaced: 0, recycled: 0 });
  });

  it("an attempt that grows past its limit is OOMKilled promptly (USER, recoverable) and the worker is replaced", async () => {
    const pool = newPool();
    const before = await pidOf(pool);
    const args = await box.attempt("hogsBuffers");
    const t0 = Date.now();
    const r = await pool.run({ args, memoryLimitMb: 128, timeoutMs: 30_000 }).result;
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(r).toMatchObject({ outcome: "error", error: { code: "OOMKilled", origin: "USER", recoverable: true } });
    const e = await box.error(args);
    expect(e?.code).toBe(RuntimeErrorCode.OutOfMemory);
    expect(e?.origin).toBe(ExecutionError_ErrorKind.USER);
    expect(e?.kind).toBe(ContainerError_Kind.RECOVERABLE);
    expect(e?.message).toMatch(/memory limit of 128 MiB: it grew the worker's resident memory by \d+ MiB/);
    const m = /measured RSS (\d+) MiB, (\d+) MiB when the attempt started/.exec(e?.message ?? "");
    expect(m).not.toBeNull();
    expect(Number(m?.[1]) - Number(m?.[2])).toBeGreaterThan(128);
    expect(await pidOf(pool)).not.toBe(before);
    expect(pool.stats()).toMatchObject({ alive: 1, replaced: 1 });
  });

  it.each([
    ["killed for memory", "hog", 400, RuntimeErrorCode.OutOfMemory],
    ["crashing", "exit", 0, RuntimeErrorCode.WorkerCrashed],
  ])(
    "a worker %s ends its attempt even while a process the task started holds the worker's output pipes",
    async (_what, then, memoryLimitMb, code) => {
      const pool = newPool();
      await pool.start();
      const args = await box.attempt("spawnsHelper", {
        helperMs: literals.integer(30_000),
        then: literals.string(then),
      });
      const t0 = Date.now();
      const r = await pool.run({ args, memoryLimitMb, timeoutMs: 60_000 }).result;
      expect(Date.now() - t0).toBeLessThan(5_000);
      expect(r).toMatchObject({ outcome: "error", error: { code } });
      // The pool replaced the worker and runs the next attempt.
      const next = await box.attempt("add", { a: literals.integer(2), b: literals.integer(2) });
      expect((await pool.run({ args: next }).result).outcome).toBe("outputs");
      expect(pool.stats()).toMatchObject({ alive: 1, busy: 0, replaced: 1 });
    },
    15_000,
  );
});
