import { isTerminalAttempt } from "../model/phases.js";
import type { NodeContext, TaskReport } from "../nodes/node-handler.js";
import type { AttemptRecord } from "../state/state-store.js";
import { taskEvent } from "./events.js";
import type { ExecutionRunner } from "./execution-runner.js";

/**
 * Persists a task attempt report and sends its task event, once per (phase, version): a report
 * equal to the stored one only refreshes plugin state. A terminal attempt is never rewritten
 * (the store refuses), so an attempt is never recorded twice.
 */
export async function applyTaskReport(
  rt: ExecutionRunner,
  ctx: NodeContext,
  report: TaskReport,
  outputUri?: string,
): Promise<void> {
  const prev = rt.attempts.get(ctx.uniqueId);
  const same = prev?.attempt === ctx.attempt ? prev : undefined;
  if (same && isTerminalAttempt(same.phase)) return;
  const now = rt.services.clock.now();
  const unchanged = same !== undefined && same.phase === report.phase && same.phaseVersion === report.version;
  const pluginState = report.pluginState ?? same?.pluginState;
  const record: AttemptRecord = {
    nodeUniqueId: ctx.uniqueId,
    attempt: ctx.attempt,
    phase: report.phase,
    phaseVersion: report.version,
    ...(pluginState === undefined ? {} : { pluginState }),
    startedAtMs: same?.startedAtMs ?? now,
    ...(isTerminalAttempt(report.phase) ? { stoppedAtMs: now } : {}),
    ...(outputUri ? { outputsUri: outputUri } : {}),
    ...(report.error ? { error: report.error } : {}),
  };
  if (unchanged && JSON.stringify(pluginState) === JSON.stringify(same.pluginState)) return;
  rt.putAttempt(record);
  if (unchanged) return;
  const task = ctx.task();
  let pluginId = "unknown";
  try {
    pluginId = rt.services.plugins.resolve(task.type).id;
  } catch {
    // No plugin: the event still names the task type.
  }
  await rt.emit({
    kind: "task",
    event: taskEvent({
      execution: rt.id,
      producerId: rt.services.settings.producerId,
      nodeUniqueId: ctx.uniqueId,
      task,
      attempt: ctx.attempt,
      report,
      atMs: now,
      generatedName: ctx.generatedName,
      pluginId,
      interruptible: ctx.interruptible,
      inputUri: ctx.paths.inputs,
      ...(outputUri ? { outputUri } : {}),
    }),
  });
}
