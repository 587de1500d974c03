import type { TaskTemplate } from "@flyte-ts/idl/gen/flyteidl/core/tasks_pb";
import { executionKey } from "../model/ids.js";
import type { NodeError } from "../model/node-error.js";
import type { NodeContext, Transition } from "../nodes/node-handler.js";
import { POOL_CONFIG_KEY, POOL_UNITS_CONFIG_KEY } from "./resources-config.js";

export const ResourceErrorCode = {
  /** The attempt can never fit: a pool that does not exist, more units than exist, a project quota of 0. */
  ResourceRequestImpossible: "ResourceRequestImpossible",
} as const;

const leaseKey = (ctx: NodeContext) => `${executionKey(ctx.execution)}/${ctx.uniqueId}/${ctx.attempt}`;

/** The pool a task declares in its template config, or an error message when the declaration is bad. */
export function taskPool(task: TaskTemplate): { name: string; units: number } | string | undefined {
  const name = task.config[POOL_CONFIG_KEY];
  if (name === undefined || name === "") return undefined;
  const raw = task.config[POOL_UNITS_CONFIG_KEY] ?? "1";
  const units = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(units) || units < 1) {
    return `task config ${POOL_UNITS_CONFIG_KEY} must be a positive integer, got ${JSON.stringify(raw)}`;
  }
  return { name, units };
}

/**
 * The resource manager's gate before a task attempt reaches its plugin: undefined when the
 * attempt may run (it holds a slot until `releaseTaskAttempt`), else the transition to report —
 * WaitingForResources with the reason, or a permanent user failure for a request that can never fit.
 */
export function gateTaskAttempt(ctx: NodeContext, task: TaskTemplate): Transition | undefined {
  const resources = ctx.services.resources;
  if (!resources) return undefined;
  const pool = taskPool(task);
  if (typeof pool === "string") return impossible(ctx, task, pool);
  const stored = ctx.taskAttempt?.attempt === ctx.attempt ? ctx.taskAttempt : undefined;
  // Past the gate before a restart: the plugin already has it (its phase or state says so).
  const resumed = stored !== undefined && (stored.phase !== "WaitingForResources" || stored.pluginState !== undefined);
  const admission = resources.admit({
    key: leaseKey(ctx),
    project: ctx.execution.project,
    domain: ctx.execution.domain,
    ...(pool ? { pool } : {}),
    wake: () => ctx.wake(),
    resumed,
  });
  switch (admission.status) {
    case "granted":
      return undefined;
    case "waiting":
      return {
        type: "queued",
        reason: admission.reason,
        task: { phase: "WaitingForResources", version: 0, reason: admission.reason },
        wakeAfterMs: resources.recheckMs,
      };
    case "impossible":
      return impossible(ctx, task, admission.message);
    default: {
      const never: never = admission;
      throw new Error(`unknown admission ${JSON.stringify(never)}`);
    }
  }
}

/** Gives the attempt's slot and pool units back (terminal, aborted, finalized). Idempotent. */
export function releaseTaskAttempt(ctx: NodeContext): void {
  ctx.services.resources?.release(leaseKey(ctx));
}

function impossible(ctx: NodeContext, task: TaskTemplate, why: string): Transition {
  const error: NodeError = {
    kind: "USER",
    code: ResourceErrorCode.ResourceRequestImpossible,
    message: `task ${task.id?.name ?? ctx.node.id} (node ${ctx.node.id}) can never run: ${why}`,
  };
  return { type: "failure", error, task: { phase: "Failed", version: 0, error } };
}
