import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { ContainerError_Kind } from "@flyte-ts/idl/gen/flyteidl/core/errors_pb";
import { ExecutionError_ErrorKind } from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";
import { literals } from "@flyte-ts/idl";
import { RuntimeErrorCode, WorkerPool } from "../src/index.js";
import { intOf, PACKAGE_ROOT, sandbox, stringOf } from "./helpers.js";

const box = sandbox();
const pools: WorkerPool[] = [];
function newPool(opts: Partial<ConstructorParameters<typeof WorkerPool>[0]> = {}): WorkerPool {
  const pool = new WorkerPool({ size: 2, root: PACKAGE_ROOT, ...opts });
  pools.push(pool);
  return pool;
}
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
  box.cleanup();
});

async function pidOf(pool: WorkerPool): Promise<number> {
  const args = await box.attempt("pid");
  await pool.run({ args }).result;
  return intOf(await box.outputs(args), "o0");
}

describe("WorkerPool isolates failures", () => {
  it.each(["exits", "throwsInTimer"])(
    "a worker that dies in task %s fails only that attempt with a SYSTEM RECOVERABLE error",
    async (taskName) => {
      const pool = newPool();
      await pool.start();
      const slow = await box.attempt("sleeps", { ms: literals.integer(400) });
      const survivor = pool.run({ args: slow });
      const args = await box.attempt(taskName);
      const r = await pool.run({ args }).result;
      expect(r.outcome).toBe("error");
      const e = await box.error(args);
      expect(e?.code).toBe(RuntimeErrorCode.WorkerCrashed);
      expect(e?.origin).toBe(ExecutionError_ErrorKind.SYSTEM);
      expect(e?.kind).toBe(ContainerError_Kind.RECOVERABLE);
      expect(e?.message).toMatch(
        taskName === "exits" ? /exited with code 3[\s\S]*about to exit/ : /thrown from a timer/,
      );
      // The attempt on the other worker is unaffected and the pool replaced the dead worker.
      expect((await survivor.result).outcome).toBe("outputs");
      const after = await box.attempt("add", { a: literals.integer(1), b: literals.integer(1) });
      expect((await pool.run({ args: after }).result).outcome).toBe("outputs");
      expect(pool.stats()).toMatchObject({ alive: 2, replaced: 1 });
    },
  );

  it("kills a task that runs past its time limit (SYSTEM, timed out) and recovers", async () => {
    const pool = newPool({ size: 1, taskTimeoutMs: 10_000 });
    const before = await pidOf(pool);
    const args = await box.attempt("spins");
    const t0 = Date.now();
    const r = await pool.run({ args, timeoutMs: 300 }).result;
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(r.outcome).toBe("error");
    const e = await box.error(args);
    expect(e?.code).toBe(RuntimeErrorCode.TimedOut);
    expect(e?.origin).toBe(ExecutionError_ErrorKind.SYSTEM);
    expect(e?.message).toContain("timed out after 300 ms");
    expect(await pidOf(pool)).not.toBe(before);
  });

  it("kills a task that exceeds the heap limit (USER, recoverable, OOMKilled) and names the limit", async () => {
    const pool = newPool({ size: 1, memoryLimitMb: 96 });
    const args = await box.attempt("hogs");
    // memoryLimitMb 0 turns the RSS check off for these attempts: only the heap limit applies.
    const r = await pool.run({ args, timeoutMs: 20_000, memoryLimitMb: 0 }).result;
    expect(r.outcome).toBe("error");
    const e = await box.error(args);
    expect(e?.code).toBe(RuntimeErrorCode.OutOfMemory);
    expect(e?.origin).toBe(ExecutionError_ErrorKind.USER);
    expect(e?.kind).toBe(ContainerError_Kind.RECOVERABLE);
    // The heap limit is the pool's limit plus the runtime's own heap (64 MiB).
    expect(e?.message).toMatch(/ran out of heap memory \(OOMKilled\): the worker's heap limit of 160 MiB/);
    const after = await box.attempt("add", { a: literals.integer(2), b: literals.integer(3) });
    await pool.run({ args: after, memoryLimitMb: 0 }).result;
    expect(intOf(await box.outputs(after), "o0")).toBe(5);
  });

  it.runIf(process.platform === "linux")(
    "kills a task whose resident memory exceeds the limit (RSS check)",
    async () => {
      const pool = newPool({ size: 1, memoryLimitMb: 200 });
      const args = await box.attempt("hogsBuffers");
      const r = await pool.run({ args, timeoutMs: 20_000 }).result;
      expect(r.outcome).toBe("error");
      const e = await box.error(args);
      expect(e?.code).toBe(RuntimeErrorCode.OutOfMemory);
      expect(e?.origin).toBe(ExecutionError_ErrorKind.USER);
      expect(e?.message).toContain("memory limit of 200 MiB");
    },
  );

  it("abort kills the worker running the attempt; a queued attempt is dropped", async () => {
    const pool = newPool({ size: 1 });
    const running = await box.attempt("sleeps", { ms: literals.integer(30_000) });
    const queued = await box.attempt("noop");
    const h1 = pool.run({ args: running });
    const h2 = pool.run({ args: queued });
    h2.abort("user asked");
    await new Promise((r) => setTimeout(r, 300));
    h1.abort("node aborted");
    const [r1, r2] = await Promise.all([h1.result, h2.result]);
    expect(r1).toMatchObject({ outcome: "error", error: { code: RuntimeErrorCode.Aborted, origin: "SYSTEM" } });
    expect(r2).toMatchObject({ outcome: "error", error: { code: RuntimeErrorCode.Aborted } });
    const after = await box.attempt("noop");
    expect((await pool.run({ args: after }).result).outcome).toBe("outputs");
  });

  it("gives workers only the environment it is told to, plus the attempt's", async () => {
    process.env.NODE_EXTRA_CA_CERTS = "/nonexistent/ca.pem";
    process.env.FLYTE_TEST_PARENT_ONLY = "leaked";
    try {
      const pool = newPool({ size: 1, env: { POOL_VAR: "from-pool" } });
      const read = async (name: string, env?: Record<string, string>) => {
        const args = await box.attempt("envOf", { name: literals.string(name) });
        await pool.run({ args, ...(env ? { env } : {}) }).result;
        return stringOf(await box.outputs(args), "o0");
      };
      expect(await read("NODE_EXTRA_CA_CERTS")).toBe("<unset>");
      expect(await read("FLYTE_TEST_PARENT_ONLY")).toBe("<unset>");
      expect(await read("POOL_VAR")).toBe("from-pool");
      expect(await read("FLYTE_ATTEMPT_NUMBER", { FLYTE_ATTEMPT_NUMBER: "2" })).toBe("2");
      expect(await read("FLYTE_ATTEMPT_NUMBER")).toBe("<unset>");
    } finally {
      delete process.env.NODE_EXTRA_CA_CERTS;
      delete process.env.FLYTE_TEST_PARENT_ONLY;
    }
  });

  it("retires a worker after maxTasksPerWorker attempts, and one that keeps more than the limit after an attempt", async () => {
    const pool = newPool({ size: 1, maxTasksPerWorker: 2 });
    const pids = [];
    for (let i = 0; i < 4; i++) pids.push(await pidOf(pool));
    expect(pids[0]).toBe(pids[1]);
    expect(pids[2]).toBe(pids[3]);
    expect(pids[1]).not.toBe(pids[2]);
    expect(pool.stats().recycled).toBe(2);

    // Sampling is slow here, so only the check after the attempt sees the leak.
    const leaky = newPool({ size: 1, memoryLimitMb: 400, rssSampleMs: 60_000 });
    const before = await pidOf(leaky);
    const args = await box.attempt("leaks", { mb: literals.integer(450) });
    expect((await leaky.run({ args }).result).outcome).toBe("outputs");
    expect(await pidOf(leaky)).not.toBe(before);
    expect(leaky.stats().recycled).toBe(1);
  });

  it("close() waits for running attempts, fails later ones, and stops every worker", async () => {
    const pool = newPool({ size: 1 });
    await pool.start();
    const args = await box.attempt("sleeps", { ms: literals.integer(300) });
    const h = pool.run({ args });
    const queued = pool.run({ args: await box.attempt("noop") });
    await new Promise((r) => setTimeout(r, 50));
    await pool.close();
    expect((await h.result).outcome).toBe("outputs");
    expect(await queued.result).toMatchObject({ error: { code: RuntimeErrorCode.PoolClosed } });
    expect(pool.stats().alive).toBe(0);
    const late = await box.attempt("noop");
    expect(await pool.run({ args: late }).result).toMatchObject({ error: { code: RuntimeErrorCode.PoolClosed } });
  });
});

describe("WorkerPool shutdown while starting", () => {
  it("a close while workers are still starting ends start() without an error", async () => {
    const path = fileURLToPath(new URL("./fixtures/never-ready-worker.mjs", import.meta.url));
    const pool = newPool({ workerEntry: { path, execArgv: [] } });
    const starting = pool.start();
    await pool.close(); // shutdown is ignored, so the workers are killed while starting
    await expect(starting).resolves.toBeUndefined();
  });
});
