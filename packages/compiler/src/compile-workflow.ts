import { clone, create } from "@bufbuild/protobuf";
import {
  CompiledLaunchPlanSchema,
  CompiledTaskSchema,
  CompiledWorkflowClosureSchema,
  CompiledWorkflowSchema,
  type CompiledTask,
  type CompiledWorkflow,
  type CompiledWorkflowClosure,
} from "@flyte-ts/idl/gen/flyteidl/core/compiler_pb";
import {
  LaunchPlanTemplateSchema,
  WorkflowTemplateSchema,
  type WorkflowTemplate,
} from "@flyte-ts/idl/gen/flyteidl/core/workflow_pb";
import { TaskTemplateSchema } from "@flyte-ts/idl/gen/flyteidl/core/tasks_pb";
import { CompileErrorCode, ErrorSink, type CompileResult } from "./errors.js";
import { idKey, idString } from "./ids.js";
import { collectReferences } from "./requirements.js";
import type { LaunchPlanInterface, SharedState } from "./workflow/shared.js";
import { validateWorkflow } from "./workflow/validate-workflow.js";

/** What `compileWorkflow` needs: the workflow, its sub-workflows, compiled tasks, launch plans. */
export interface CompileWorkflowInput {
  readonly primary: WorkflowTemplate;
  readonly subWorkflows?: readonly WorkflowTemplate[];
  readonly tasks: readonly CompiledTask[];
  readonly launchPlans?: readonly LaunchPlanInterface[];
}

/**
 * Compiles a workflow and everything it calls into a `CompiledWorkflowClosure` (propeller's
 * `CompileWorkflow`), or returns every error found. Inputs are never modified: the workflow
 * templates and tasks are copied once, and the copies are what the closure holds.
 */
export function compileWorkflow(input: CompileWorkflowInput): CompileResult<CompiledWorkflowClosure> {
  const errs = new ErrorSink();
  const subTemplates = (input.subWorkflows ?? []).map((wf) => clone(WorkflowTemplateSchema, wf));
  const subWorkflows = new Map<string, WorkflowTemplate>();
  for (const wf of subTemplates) {
    const key = idKey(wf.id);
    if (subWorkflows.has(key)) {
      errs.add(
        CompileErrorCode.DuplicateId,
        idString(wf.id),
        `sub-workflow ${idString(wf.id)} is provided more than once`,
      );
    }
    subWorkflows.set(key, wf);
  }
  const tasks = new Map<string, CompiledTask>();
  for (const t of input.tasks) {
    if (!t.template?.id) {
      errs.add(CompileErrorCode.ValueRequired, "task", "a compiled task has no template id");
      continue;
    }
    const key = idKey(t.template.id);
    if (!tasks.has(key))
      tasks.set(key, create(CompiledTaskSchema, { template: clone(TaskTemplateSchema, t.template) }));
  }
  const launchPlans = new Map<string, LaunchPlanInterface>();
  for (const lp of input.launchPlans ?? []) launchPlans.set(idKey(lp.id), lp);
  if (errs.count > 0) return { ok: false, errors: errs.errors };

  // Every referenced task, launch plan and sub-workflow must be present before anything else.
  const refs = collectReferences(input.primary, subTemplates);
  for (const [key, r] of refs.tasks) {
    if (!tasks.has(key))
      errs.add(
        CompileErrorCode.TaskReferenceNotFound,
        r.nodeId,
        `node ${r.nodeId}: references ${idString(r.id)}, which was not provided to the compiler`,
      );
  }
  for (const [key, r] of refs.launchPlans) {
    if (!launchPlans.has(key) && key !== idKey(input.primary.id)) {
      errs.add(
        CompileErrorCode.WorkflowReferenceNotFound,
        r.nodeId,
        `node ${r.nodeId}: references ${idString(r.id)}, which was not provided to the compiler`,
      );
    }
  }
  for (const r of refs.missingSubWorkflows.values()) {
    errs.add(
      CompileErrorCode.WorkflowReferenceNotFound,
      r.nodeId,
      `node ${r.nodeId}: references sub-workflow ${idString(r.id)}, which was not provided to the compiler`,
    );
  }
  if (errs.count > 0) return { ok: false, errors: errs.errors };

  const shared: SharedState = {
    errors: errs,
    tasks,
    launchPlans,
    subWorkflows,
    compiledSubWorkflows: new Map(),
    compileSubWorkflow: (template) => validateWorkflow(shared, template),
  };
  const primary = validateWorkflow(shared, clone(WorkflowTemplateSchema, input.primary));
  if (!primary || errs.count > 0) return { ok: false, errors: errs.errors };

  const compiledSubs: CompiledWorkflow[] = subTemplates.map((wf) => {
    const compiled = shared.compiledSubWorkflows.get(idKey(wf.id));
    return typeof compiled === "object" ? compiled : create(CompiledWorkflowSchema, { template: wf });
  });
  return {
    ok: true,
    value: create(CompiledWorkflowClosureSchema, {
      primary,
      subWorkflows: compiledSubs,
      tasks: [...tasks.values()],
      launchPlans: [...launchPlans.values()].map((lp) =>
        create(CompiledLaunchPlanSchema, {
          template: create(LaunchPlanTemplateSchema, { id: lp.id, interface: lp.interface }),
        }),
      ),
    }),
  };
}
