import { isTerminalAttempt, type TaskAttemptPhase } from "../../model/phases.js";
import type { PluginTransition } from "../../plugins/task-plugin.js";
import type { NodeContext, NodeHandler, TaskReport, Transition } from "../node-handler.js";
import { taskExecutionContext } from "./task-context.js";
import { gateTaskAttempt, releaseTaskAttempt } from "../../resources/resource-gate.js";
import { readTaskResult } from "./task-result.js";

/**
 * Task nodes: the plugin chosen by task type runs the attempt; the handler maps its phase to a
 * transition and, once the plugin reports success, reads the attempt's result files.
 */
export const taskHandler: NodeHandler = {
  async handle(ctx: NodeContext): Promise<Transition> {
    const task = ctx.task();
    const plugin = ctx.services.plugins.resolve(task.type);
    const stored = ctx.taskAttempt;
    if (stored?.phase === "Succeeded") return readTaskResult(ctx, task, { version: stored.phaseVersion });
    if (stored && isTerminalAttempt(stored.phase)) {
      // Recorded terminal but the node did not move on (restart in between): the stored verdict stands.
      const error = stored.error ?? {
        kind: "SYSTEM" as const,
        code: "AttemptLost",
        message: `attempt ${ctx.attempt} ended ${stored.phase}`,
      };
      return { type: "retryableFailure", error };
    }
    const gated = gateTaskAttempt(ctx, task);
    if (gated) return gated;
    const r = await plugin.handle(taskExecutionContext(ctx, task));
    if (r.phase === "success" || r.phase === "retryableFailure" || r.phase === "permanentFailure") {
      releaseTaskAttempt(ctx);
    }
    const base = {
      version: r.version ?? 0,
      ...(r.logs ? { logs: r.logs } : {}),
      ...(r.state === undefined ? {} : { pluginState: r.state }),
    };
    const wake = r.recheckAfterMs === undefined ? {} : { wakeAfterMs: r.recheckAfterMs };
    switch (r.phase) {
      case "notReady":
      case "queued":
      case "waitingForResources":
        return { type: "queued", task: report(base, phaseOf(r), r), ...wake };
      case "initializing":
      case "running":
        return { type: "running", task: report(base, phaseOf(r), r), ...wake };
      case "success":
        return readTaskResult(ctx, task, base, r.outputs);
      case "retryableFailure":
        return { type: "retryableFailure", error: r.error, task: { ...base, phase: "Failed", error: r.error } };
      case "permanentFailure":
        return { type: "failure", error: r.error, task: { ...base, phase: "Failed", error: r.error } };
    }
  },
  async abort(ctx: NodeContext, reason: string): Promise<void> {
    releaseTaskAttempt(ctx);
    const task = ctx.task();
    await ctx.services.plugins.resolve(task.type).abort(taskExecutionContext(ctx, task), reason);
  },
  async finalize(ctx: NodeContext): Promise<void> {
    releaseTaskAttempt(ctx);
    const task = ctx.task();
    await ctx.services.plugins.resolve(task.type).finalize(taskExecutionContext(ctx, task));
  },
};

function phaseOf(r: PluginTransition): TaskAttemptPhase {
  switch (r.phase) {
    case "notReady":
    case "queued":
      return "Queued";
    case "waitingForResources":
      return "WaitingForResources";
    case "initializing":
      return "Initializing";
    case "running":
      return "Running";
    case "success":
      return "Succeeded";
    case "retryableFailure":
    case "permanentFailure":
      return "Failed";
  }
}

function report(base: Omit<TaskReport, "phase">, phase: TaskAttemptPhase, r: PluginTransition): TaskReport {
  const reason = "reason" in r ? r.reason : undefined;
  return { ...base, phase, ...(reason ? { reason } : {}) };
}
