import type { TaskExecutionContext } from "./task-plugin.js";

/** The Flyte environment of a task (brief §5.2): execution and task ids, attempt, array index. */
export function flyteEnv(ctx: TaskExecutionContext): Record<string, string> {
  const id = ctx.task.id;
  const env: Record<string, string> = {
    FLYTE_INTERNAL_EXECUTION_ID: ctx.execution.name,
    FLYTE_INTERNAL_EXECUTION_PROJECT: ctx.execution.project,
    FLYTE_INTERNAL_EXECUTION_DOMAIN: ctx.execution.domain,
    FLYTE_ATTEMPT_NUMBER: String(ctx.attempt),
    FLYTE_INTERNAL_TASK_PROJECT: id?.project ?? "",
    FLYTE_INTERNAL_TASK_DOMAIN: id?.domain ?? "",
    FLYTE_INTERNAL_TASK_NAME: id?.name ?? "",
    FLYTE_INTERNAL_TASK_VERSION: id?.version ?? "",
    FLYTE_INTERNAL_PROJECT: id?.project ?? "",
    FLYTE_INTERNAL_DOMAIN: id?.domain ?? "",
    FLYTE_INTERNAL_NAME: id?.name ?? "",
    FLYTE_INTERNAL_VERSION: id?.version ?? "",
  };
  if (ctx.arrayIndex !== undefined) {
    env.FLYTE_K8S_ARRAY_INDEX = String(ctx.arrayIndex);
    env.BATCH_JOB_ARRAY_INDEX_VAR_NAME = "FLYTE_K8S_ARRAY_INDEX";
  }
  return env;
}
