/** A real TaskExecutionContext for ts-task plugin tests: file:// store, Flyte's attempt layout. */
import { LiteralMapSchema, type LiteralMap } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import type { TaskTemplate } from "@flyte-ts/idl/gen/flyteidl/core/tasks_pb";
import { create } from "@bufbuild/protobuf";
import { attemptRawOutput, nodeAttemptPaths, writeProto, type BlobStore } from "@flyte-ts/storage";
import type { JsonValue } from "../../src/state/state-store.js";
import type { PluginTransition, TaskExecutionContext, TaskPlugin } from "../../src/plugins/task-plugin.js";

export interface TsTestContext extends TaskExecutionContext {
  pluginState: JsonValue | undefined;
  nextWake(timeoutMs?: number): Promise<void>;
}

export async function tsTestContext(o: {
  blobs: BlobStore;
  root: string;
  task: TaskTemplate;
  inputs?: LiteralMap;
  execName?: string;
  attempt?: number;
}): Promise<TsTestContext> {
  const execName = o.execName ?? `e${Math.random().toString(36).slice(2, 10)}`;
  const attempt = o.attempt ?? 0;
  const paths = nodeAttemptPaths(`${o.root}/metadata/p-d-${execName}/n0/data`, attempt);
  const raw = attemptRawOutput(`${o.root}/raw`, execName, "n0", attempt);
  const inputs = o.inputs ?? create(LiteralMapSchema, {});
  await writeProto(o.blobs, paths.inputs, LiteralMapSchema, inputs);
  let pending = false;
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
      pending = true;
      waiter?.();
    },
    nextWake(timeoutMs = 30_000) {
      if (pending) {
        pending = false;
        return Promise.resolve();
      }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("the plugin never called wake()")), timeoutMs);
        waiter = () => {
          clearTimeout(timer);
          pending = false;
          waiter = undefined;
          resolve();
        };
      });
    },
  };
}

const TERMINAL = new Set(["success", "retryableFailure", "permanentFailure"]);

/** Calls `handle` until a terminal phase, waiting for the plugin's wake-up in between. */
export async function handleToEnd(plugin: TaskPlugin, ctx: TsTestContext): Promise<PluginTransition[]> {
  const seen: PluginTransition[] = [];
  for (;;) {
    const t = await plugin.handle(ctx);
    seen.push(t);
    if (t.state !== undefined) ctx.pluginState = t.state;
    if (TERMINAL.has(t.phase)) return seen;
    await ctx.nextWake();
  }
}
