import type { Container } from "@flyte-ts/idl/gen/flyteidl/core/tasks_pb";
import { Resources_ResourceName } from "@flyte-ts/idl/gen/flyteidl/core/tasks_pb";
import { flyteEnv } from "../flyte-env.js";
import type { TaskExecutionContext } from "../task-plugin.js";

const UNITS: Readonly<Record<string, number>> = {
  "": 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
  Ti: 1024 ** 4,
};

/** A Kubernetes memory quantity (`512Mi`, `1G`, `1e9`) in MiB, or undefined when unreadable. */
export function memoryMib(quantity: string): number | undefined {
  const m = /^\s*([0-9]+(?:\.[0-9]+)?(?:e[0-9]+)?)\s*([kMGT]i?|)\s*$/.exec(quantity);
  if (!m) return undefined;
  const unit = UNITS[m[2] ?? ""];
  if (unit === undefined) return undefined;
  return Math.ceil((Number(m[1]) * unit) / 1024 ** 2);
}

/**
 * The memory limit the task asks for (limit, else request), in MiB. The worker pool applies it to
 * how much the attempt grows its warm worker's resident memory (the Node runtime's own ~110 MiB is
 * not the task's); going over it fails the attempt with `OOMKilled` (task-runtime README, Limits).
 */
export function memoryLimitMib(container: Container): number | undefined {
  const pick = (list: readonly { name: Resources_ResourceName; value: string }[] | undefined) =>
    list?.find((r) => r.name === Resources_ResourceName.MEMORY)?.value;
  const q = pick(container.resources?.limits) ?? pick(container.resources?.requests);
  return q === undefined ? undefined : memoryMib(q);
}

/** The attempt's environment: the container's env, then Flyte's execution variables (brief §5.2). */
export function attemptEnv(ctx: TaskExecutionContext, container: Container): Record<string, string> {
  const env: Record<string, string> = {};
  for (const kv of container.env) env[kv.key] = kv.value;
  Object.assign(env, flyteEnv(ctx), { _F_WN: ctx.generatedName });
  return env;
}
