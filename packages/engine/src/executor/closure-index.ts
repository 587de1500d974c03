import type { CompiledWorkflow, CompiledWorkflowClosure } from "@flyte-ts/idl/gen/flyteidl/core/compiler_pb";
import type { Identifier } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import type { LaunchPlanTemplate } from "@flyte-ts/idl/gen/flyteidl/core/workflow_pb";
import type { TaskTemplate } from "@flyte-ts/idl/gen/flyteidl/core/tasks_pb";
import { NotFoundError } from "@flyte-ts/core";
import { formatIdentifier } from "@flyte-ts/idl";
import { EngineErrorCode } from "../model/node-error.js";

/** Identity of an entity regardless of how its resource type was spelled: project/domain/name/version. */
export function entityKey(id: Identifier | undefined): string {
  if (!id) return "";
  return [id.org, id.project, id.domain, id.name, id.version].join("\u0000");
}

/** Lookups into a compiled closure: tasks, sub-workflows and launch plans by identifier. */
export class ClosureIndex {
  readonly closure: CompiledWorkflowClosure;
  readonly #tasks = new Map<string, TaskTemplate>();
  readonly #workflows = new Map<string, CompiledWorkflow>();
  readonly #launchPlans = new Map<string, LaunchPlanTemplate>();

  constructor(closure: CompiledWorkflowClosure) {
    this.closure = closure;
    for (const t of closure.tasks) if (t.template) this.#tasks.set(entityKey(t.template.id), t.template);
    for (const w of closure.subWorkflows) this.#workflows.set(entityKey(w.template?.id), w);
    for (const lp of closure.launchPlans)
      if (lp.template) this.#launchPlans.set(entityKey(lp.template.id), lp.template);
  }

  task(id: Identifier | undefined): TaskTemplate {
    const t = this.#tasks.get(entityKey(id));
    if (!t)
      throw new NotFoundError(`task ${formatIdentifier(id)} is not in the workflow closure`, {
        code: EngineErrorCode.TaskNotFound,
      });
    return t;
  }

  subWorkflow(id: Identifier | undefined): CompiledWorkflow {
    const w = this.#workflows.get(entityKey(id));
    if (!w) {
      throw new NotFoundError(`sub-workflow ${formatIdentifier(id)} is not in the workflow closure`, {
        code: EngineErrorCode.WorkflowNotFound,
      });
    }
    return w;
  }

  launchPlan(id: Identifier | undefined): LaunchPlanTemplate | undefined {
    return this.#launchPlans.get(entityKey(id));
  }
}
