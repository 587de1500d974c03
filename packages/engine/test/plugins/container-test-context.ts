import { create } from "@bufbuild/protobuf";
import { LiteralMapSchema, type LiteralMap } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import type { TaskTemplate } from "@flyte-ts/idl/gen/flyteidl/core/tasks_pb";
import { attemptRawOutput, nodeAttemptPaths, writeProto, type BlobStore } from "@flyte-ts/storage";
import type { JsonValue } from "../../src/state/state-store.js";
import type { PluginTransition, TaskExecutionContext, TaskPlugin } from "../../src/plugins/task-plugin.js";

export interface TestContext extends TaskExecutionContext {
  pluginState: JsonValue | undefined;
  /** Resolves at the next `wake()` (or at once if one came since the last call). */
  nextWake(timeoutMs?: number): Promise<void>;
}

/** A real TaskExecutionContext over a blob store, with inputs.pb written where the engine puts it. */
export async function testContext(o: {
  blobs: BlobStore;
  root: string;
  task: TaskTemplate;
  inputs?: LiteralMap;
  execName?: string;
  attempt?: number;
}): Promise<TestContext> {
  const execName = o.execName ?? `e${Math.random().toString(36).slice(2, 10)}`;
  const attempt = o.attempt ?? 0;
  const dataDir = `${o.root}/metadata/p-d-${execName}/n0/data`;
  const paths = nodeAttemptPaths(dataDir, attempt);
  const raw = attemptRawOutput(`${o.root}/raw`, execName, "n0", attempt);
  const inputs = o.inputs ?? create(LiteralMapSchema, {});
  await writeProto(o.blobs, paths.inputs, LiteralMapSchema, inputs);
  let woken = false;
  let waiter: (() => void) | undefined;
  return {
    execution: { project: "p", domain: "d", name: execName },
    nodeUniqueId: "n0",
    attempt,
    task: o.task,
    generatedName: raw.uniqueId,
    paths,
    rawOutputSandbox: raw.sandbox,
    checkpointPrefix: raw.checkpointPrefix,
    previousCheckpointPrefix: raw.previousCheckpointPrefix,
    blobs: o.blobs,
    interruptible: false,
    pluginState: undefined,
    inputs: () => Promise.resolve(inputs),
    wake() {
      woken = true;
      waiter?.();
    },
    nextWake(timeoutMs = 20_000) {
      if (woken) {
        woken = false;
        return Promise.resolve();
      }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("no wake-up from the plugin")), timeoutMs);
        waiter = () => {
          clearTimeout(timer);
          woken = false;
          waiter = undefined;
          resolve();
        };
      });
    },
  };
}

const TERMINAL = new Set(["success", "retryableFailure", "permanentFailure"]);

/** Calls `handle` until a terminal phase, waiting for a wake-up between calls; returns every transition. */
export async function runToEnd(plugin: TaskPlugin, ctx: TestContext): Promise<PluginTransition[]> {
  const seen: PluginTransition[] = [];
  for (;;) {
    const t = await plugin.handle(ctx);
    seen.push(t);
    if (t.state !== undefined) ctx.pluginState = t.state;
    if (TERMINAL.has(t.phase)) return seen;
    await ctx.nextWake();
  }
}
