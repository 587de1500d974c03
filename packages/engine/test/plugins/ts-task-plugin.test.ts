import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { create } from "@bufbuild/protobuf";
import { literals, literalMap } from "@flyte-ts/idl";
import { DynamicJobSpecSchema } from "@flyte-ts/idl/gen/flyteidl/core/dynamic_job_pb";
import { LiteralMapSchema } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { ContainerSchema, TaskTemplateSchema, type TaskTemplate } from "@flyte-ts/idl/gen/flyteidl/core/tasks_pb";
import { entityOf, nameEntities, taskTemplate, TS_TASK_TYPE, type TaskEntity } from "@flyte-ts/sdk";
import { FileStore, MemoryStore, readProto } from "@flyte-ts/storage";
import { WorkerPool } from "@flyte-ts/task-runtime";
import { TsTaskPlugin } from "../../src/plugins/ts-task/ts-task-plugin.js";
import * as fixtures from "./ts-task-fixtures/tasks.js";
import { handleToEnd, tsTestContext } from "./ts-task-test-context.js";

const ENGINE_ROOT = fileURLToPath(new URL("../..", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "flyte-ts-task-"));
const root = pathToFileURL(dir).href;
const blobs = new FileStore({ root });
const pool = new WorkerPool({ size: 2, root: ENGINE_ROOT, rssSampleMs: 50 });
const plugin = new TsTaskPlugin({ pool, logDir: join(dir, "logs") });

nameEntities([{ modulePath: "test/plugins/ts-task-fixtures/tasks.ts", exports: fixtures }]);

/** The task template the SDK serializes for a fixture (the real container args). */
function template(name: keyof typeof fixtures): TaskTemplate {
  return taskTemplate(entityOf(fixtures[name]) as TaskEntity, { image: "example/ts:1" });
}

beforeAll(() => pool.start());
afterAll(async () => {
  await pool.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("TsTaskPlugin (real worker pool)", () => {
  it("serves the SDK's task type", () => {
    expect(plugin.taskTypes).toEqual([TS_TASK_TYPE]);
    expect(template("add").type).toBe(TS_TASK_TYPE);
  });

  it("reports queued, running, then success with outputs.pb written and the attempt's log file", async () => {
    const ctx = await tsTestContext({
      blobs,
      root,
      task: template("add"),
      inputs: literalMap({ a: literals.integer(40), b: literals.integer(2) }),
    });
    const seen = await handleToEnd(plugin, ctx);
    const phases = seen.map((t) => t.phase);
    expect(phases[0]).toBe("queued");
    expect(phases.at(-1)).toBe("success");
    expect(phases.slice(1, -1).every((p) => p === "running")).toBe(true);
    const out = await readProto(blobs, ctx.paths.outputs, LiteralMapSchema);
    expect(out.literals.o0).toEqual(literals.integer(42));
    const log = seen[0]?.logs?.[0];
    expect(log?.uri).toBe(`${ctx.paths.outputDir}/task.log`);
    expect(readFileSync(fileURLToPath(log?.uri ?? ""), "utf8")).toContain("adding 40 and 2");
    await plugin.finalize(ctx);
  });

  it("maps the error document: USER non-recoverable → permanent, RecoverableError → retryable", async () => {
    const failing = await tsTestContext({ blobs, root, task: template("fails") });
    expect((await handleToEnd(plugin, failing)).at(-1)).toMatchObject({
      phase: "permanentFailure",
      error: { kind: "USER", code: "USER:TypeError", errorUri: failing.paths.error },
    });
    const flaky = await tsTestContext({ blobs, root, task: template("flaky") });
    const seen = await handleToEnd(plugin, flaky);
    expect(seen.at(-1)).toMatchObject({ phase: "retryableFailure", error: { kind: "USER", code: "USER:Recoverable" } });
  });

  it("a crashing task is a retryable SYSTEM failure and the next attempt runs", async () => {
    const ctx = await tsTestContext({ blobs, root, task: template("exits") });
    const seen = await handleToEnd(plugin, ctx);
    expect(seen.at(-1)).toMatchObject({
      phase: "retryableFailure",
      error: { kind: "SYSTEM", code: "SYSTEM:WorkerCrashed" },
    });
    const next = await tsTestContext({ blobs, root, task: template("attempt"), attempt: 1 });
    expect((await handleToEnd(plugin, next)).at(-1)?.phase).toBe("success");
    const out = await readProto(blobs, next.paths.outputs, LiteralMapSchema);
    expect(out.literals.o0).toEqual(literals.string("1"));
  });

  it("enforces the task's memory limit from its resources (OOMKilled: USER, retryable, as Flyte)", async () => {
    const ctx = await tsTestContext({ blobs, root, task: template("bigBuffers") });
    const t0 = Date.now();
    const seen = await handleToEnd(plugin, ctx);
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(seen.at(-1)).toMatchObject({
      phase: "retryableFailure",
      error: { kind: "USER", code: "OOMKilled", message: expect.stringContaining("memory limit of 160 MiB") as string },
    });
    const last = seen.at(-1);
    expect(last?.phase === "retryableFailure" && last.error.message).toMatch(/measured RSS \d+ MiB/);
  });

  it("a memory limit below the worker's own footprint limits the task's growth, not the Node runtime", async () => {
    const ctx = await tsTestContext({
      blobs,
      root,
      task: template("smallUnderTinyLimit"),
      inputs: literalMap({ ms: literals.integer(300) }),
    });
    const seen = await handleToEnd(plugin, ctx);
    expect(seen.at(-1)).toMatchObject({ phase: "success" });
    const out = await readProto(blobs, ctx.paths.outputs, LiteralMapSchema);
    expect(out.literals.o0).toEqual(literals.integer(1000));
  });

  it("abort kills the worker running the attempt", async () => {
    const ctx = await tsTestContext({
      blobs,
      root,
      task: template("sleeps"),
      inputs: literalMap({ ms: literals.integer(60_000) }),
    });
    expect((await plugin.handle(ctx)).phase).toBe("queued");
    await ctx.nextWake();
    expect((await plugin.handle(ctx)).phase).toBe("running");
    await new Promise((r) => setTimeout(r, 200));
    const t0 = Date.now();
    await plugin.abort(ctx, "user aborted the execution");
    await ctx.nextWake(10_000);
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(await plugin.handle(ctx)).toMatchObject({ phase: "permanentFailure", error: { code: "SYSTEM:Aborted" } });
    await plugin.finalize(ctx);
  });

  it("reports queued while every worker is busy, then running", async () => {
    const long = { ms: literals.integer(1_500) };
    const busy = await Promise.all(
      [0, 1].map(() => tsTestContext({ blobs, root, task: template("sleeps"), inputs: literalMap(long) })),
    );
    for (const b of busy) await plugin.handle(b);
    const waiting = await tsTestContext({
      blobs,
      root,
      task: template("sleeps"),
      inputs: literalMap({ ms: literals.integer(1) }),
    });
    const first = await plugin.handle(waiting);
    expect(first.phase).toBe("queued");
    expect(first.phase === "queued" && first.reason).toContain("worker");
    await new Promise((r) => setTimeout(r, 500));
    expect((await plugin.handle(waiting)).phase).toBe("queued");
    const seen = await handleToEnd(plugin, waiting);
    expect(seen.map((t) => t.phase)).toContain("running");
    expect(seen.at(-1)?.phase).toBe("success");
    for (const b of busy) expect((await handleToEnd(plugin, b)).at(-1)?.phase).toBe("success");
  });

  it("a dynamic task succeeds with futures.pb", async () => {
    const ctx = await tsTestContext({
      blobs,
      root,
      task: template("twice"),
      inputs: literalMap({ x: literals.integer(3) }),
    });
    expect((await handleToEnd(plugin, ctx)).at(-1)?.phase).toBe("success");
    const spec = await readProto(blobs, ctx.paths.futures, DynamicJobSpecSchema);
    expect(spec.nodes).toHaveLength(1);
  });

  it("runs one index of a map task (flyte-map-execute) on the inputs the array node gave it", async () => {
    const task = template("addEach");
    const c = task.target.case === "container" ? task.target.value : undefined;
    expect(c?.args[0]).toBe("flyte-map-execute");
    const ctx = await tsTestContext({
      blobs,
      root,
      task,
      inputs: literalMap({ a: literals.integer(5), b: literals.integer(1) }),
    });
    expect((await handleToEnd(plugin, ctx)).at(-1)?.phase).toBe("success");
    expect((await readProto(blobs, ctx.paths.outputs, LiteralMapSchema)).literals.o0).toEqual(literals.integer(6));
    const indexed = { ...(await tsTestContext({ blobs, root, task: template("arrayIndex") })), arrayIndex: 7 };
    expect((await handleToEnd(plugin, indexed)).at(-1)?.phase).toBe("success");
    expect((await readProto(blobs, indexed.paths.outputs, LiteralMapSchema)).literals.o0).toEqual(literals.string("7"));
  });

  it("works with a memory:// store (workers reach it through the blob bridge)", async () => {
    const memory = new MemoryStore({ root: "memory://ts-task-test" });
    const ctx = await tsTestContext({
      blobs: memory,
      root: "memory://ts-task-test",
      task: template("add"),
      inputs: literalMap({ a: literals.integer(1), b: literals.integer(2) }),
    });
    expect((await handleToEnd(plugin, ctx)).at(-1)?.phase).toBe("success");
    expect((await readProto(memory, ctx.paths.outputs, LiteralMapSchema)).literals.o0).toEqual(literals.integer(3));
    const crash = await tsTestContext({ blobs: memory, root: "memory://ts-task-test", task: template("exits") });
    expect((await handleToEnd(plugin, crash)).at(-1)?.phase).toBe("retryableFailure");
    expect(await memory.head(crash.paths.error)).toBeDefined();
  });

  it('with storage "direct", workers open the file:// store themselves', async () => {
    const direct = new TsTaskPlugin({ pool, logDir: join(dir, "logs"), storage: "direct" });
    const ctx = await tsTestContext({
      blobs,
      root,
      task: template("add"),
      inputs: literalMap({ a: literals.integer(4), b: literals.integer(5) }),
    });
    expect((await handleToEnd(direct, ctx)).at(-1)?.phase).toBe("success");
    expect((await readProto(blobs, ctx.paths.outputs, LiteralMapSchema)).literals.o0).toEqual(literals.integer(9));
  });

  it("after a restart, reports an attempt from the files it left instead of running it again", async () => {
    const ctx = await tsTestContext({ blobs, root, task: template("fails") });
    await blobs.write(ctx.paths.outputs, new Uint8Array());
    const fresh = new TsTaskPlugin({ pool, logDir: join(dir, "logs") });
    ctx.pluginState = "started";
    expect(await fresh.handle(ctx)).toMatchObject({ phase: "success" });
  });

  it("a template whose command line breaks the contract is a permanent BadTaskSpecification", async () => {
    const broken = create(TaskTemplateSchema, {
      ...template("add"),
      target: {
        case: "container",
        value: create(ContainerSchema, { image: "x", args: ["flyte-execute", "--inputs", "{{.input}}"] }),
      },
    });
    const ctx = await tsTestContext({ blobs, root, task: broken });
    const t = await plugin.handle(ctx);
    expect(t).toMatchObject({ phase: "permanentFailure", error: { kind: "USER", code: "BadTaskSpecification" } });
    expect(t.phase === "permanentFailure" && t.error.message).toContain("missing '--'");
  });
});
