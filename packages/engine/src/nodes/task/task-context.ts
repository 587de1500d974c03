import type { TaskTemplate } from "@flyte-ts/idl/gen/flyteidl/core/tasks_pb";
import { attemptRawOutput } from "@flyte-ts/storage";
import type { TaskExecutionContext } from "../../plugins/task-plugin.js";
import type { NodeContext } from "../node-handler.js";

/** What a plugin sees of one task attempt, built from the node context. */
export function taskExecutionContext(ctx: NodeContext, task: TaskTemplate): TaskExecutionContext {
  const raw = attemptRawOutput(ctx.rawOutputPrefix, ctx.execution.name, ctx.uniqueId, ctx.attempt);
  return {
    execution: ctx.execution,
    nodeUniqueId: ctx.uniqueId,
    attempt: ctx.attempt,
    task,
    generatedName: ctx.generatedName,
    paths: ctx.paths,
    rawOutputSandbox: raw.sandbox,
    checkpointPrefix: raw.checkpointPrefix,
    previousCheckpointPrefix: raw.previousCheckpointPrefix,
    blobs: ctx.services.blobs,
    interruptible: ctx.interruptible,
    ...(ctx.arrayIndex === undefined ? {} : { arrayIndex: ctx.arrayIndex }),
    pluginState: ctx.taskAttempt?.pluginState,
    inputs: () => ctx.inputs(),
    wake: () => ctx.wake(),
  };
}
