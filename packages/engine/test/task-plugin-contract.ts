/**
 * The contract every TaskPlugin passes (STYLE.md habit 4): run `taskPluginContract` from the
 * plugin's own test with a task that succeeds and, when the plugin can run user code, one that
 * fails. Real blob store (memory), Flyte's attempt layout.
 */
import { describe, expect, it } from "vitest";
import { ErrorDocumentSchema } from "@flyte-ts/idl/gen/flyteidl/core/errors_pb";
import { LiteralMapSchema, type LiteralMap } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import type { TaskTemplate } from "@flyte-ts/idl/gen/flyteidl/core/tasks_pb";
import { attemptRawOutput, MemoryStore, nodeAttemptPaths, readProtoIfExists, writeProto } from "@flyte-ts/storage";
import type { PluginTransition, TaskExecutionContext, TaskPlugin } from "../src/index.js";

export interface ContractTask {
  readonly template: TaskTemplate;
  readonly inputs: LiteralMap;
}

export interface TaskPluginContractOptions {
  readonly name: string;
  readonly make: () => TaskPlugin;
  readonly succeeds: ContractTask & { readonly outputs: LiteralMap };
  /** A task whose body fails (omit for plugins that run no user code). */
  readonly fails?: ContractTask;
}

let n = 0;

async function context(
  blobs: MemoryStore,
  t: ContractTask,
  attempt = 0,
): Promise<TaskExecutionContext & { woken: () => boolean }> {
  const exec = `contract-${++n}`;
  const paths = nodeAttemptPaths(`memory://contract/meta/${exec}/n0/data`, attempt);
  const raw = attemptRawOutput("memory://contract/raw", exec, "n0", attempt);
  await writeProto(blobs, paths.inputs, LiteralMapSchema, t.inputs);
  let woke = false;
  const ctx = {
    execution: { project: "p", domain: "d", name: exec },
    nodeUniqueId: "n0",
    attempt,
    task: t.template,
    generatedName: raw.uniqueId,
    paths,
    rawOutputSandbox: raw.sandbox,
    checkpointPrefix: raw.checkpointPrefix,
    previousCheckpointPrefix: raw.previousCheckpointPrefix,
    blobs,
    interruptible: false,
    pluginState: undefined as TaskExecutionContext["pluginState"],
    inputs: () => Promise.resolve(t.inputs),
    wake: () => {
      woke = true;
    },
    woken: () => woke,
  };
  return ctx;
}

/** Calls `handle` (feeding back plugin state) until the phase is terminal. */
async function drive(
  plugin: TaskPlugin,
  ctx: TaskExecutionContext & { pluginState: unknown },
): Promise<PluginTransition> {
  for (let i = 0; i < 2000; i++) {
    const r = await plugin.handle(ctx);
    if (r.state !== undefined) (ctx as { pluginState: unknown }).pluginState = r.state;
    if (r.phase === "success" || r.phase === "retryableFailure" || r.phase === "permanentFailure") return r;
    await new Promise((res) => setTimeout(res, 5));
  }
  throw new Error("the plugin never reached a terminal phase");
}

export function taskPluginContract(o: TaskPluginContractOptions): void {
  describe(`TaskPlugin contract: ${o.name}`, () => {
    it("claims at least one task type and has an id", () => {
      const p = o.make();
      expect(p.id).not.toBe("");
      expect(p.taskTypes.length).toBeGreaterThan(0);
      expect(p.taskTypes).toContain(o.succeeds.template.type);
    });

    it("runs a task to success and leaves its outputs in the attempt's outputs.pb", async () => {
      const blobs = new MemoryStore({ root: "memory://contract" });
      const p = o.make();
      const ctx = await context(blobs, o.succeeds);
      const r = await drive(p, ctx);
      expect(r.phase).toBe("success");
      expect(await readProtoIfExists(blobs, ctx.paths.outputs, LiteralMapSchema)).toEqual(o.succeeds.outputs);
      await p.finalize(ctx);
    });

    it("handle after success is idempotent: still success, outputs unchanged", async () => {
      const blobs = new MemoryStore({ root: "memory://contract" });
      const p = o.make();
      const ctx = await context(blobs, o.succeeds);
      await drive(p, ctx);
      const again = await p.handle(ctx);
      expect(again.phase).toBe("success");
      expect(await readProtoIfExists(blobs, ctx.paths.outputs, LiteralMapSchema)).toEqual(o.succeeds.outputs);
    });

    it("abort and finalize are idempotent, also before anything started", async () => {
      const blobs = new MemoryStore({ root: "memory://contract" });
      const p = o.make();
      const fresh = await context(blobs, o.succeeds);
      await p.abort(fresh, "not started");
      await p.finalize(fresh);
      await p.finalize(fresh);
      const started = await context(blobs, o.succeeds);
      await p.handle(started);
      await p.abort(started, "stop");
      await p.abort(started, "stop again");
      await p.finalize(started);
      await p.finalize(started);
    });

    if (o.fails) {
      const fails = o.fails;
      it("a failing task ends in a failure phase or an error.pb, never in outputs", async () => {
        const blobs = new MemoryStore({ root: "memory://contract" });
        const p = o.make();
        const ctx = await context(blobs, fails);
        const r = await drive(p, ctx);
        const doc = await readProtoIfExists(blobs, ctx.paths.error, ErrorDocumentSchema);
        expect(r.phase !== "success" || doc?.error !== undefined).toBe(true);
        expect(await readProtoIfExists(blobs, ctx.paths.outputs, LiteralMapSchema)).toBeUndefined();
        await p.finalize(ctx);
      });
    }
  });
}
