import { compileTask, compileWorkflow, formatCompileErrors } from "@flyte-ts/compiler";
import type { CompiledTask } from "@flyte-ts/idl/gen/flyteidl/core/compiler_pb";
import type { WorkflowCompiler } from "./engine-services.js";

/** `WorkflowCompiler` over the `compiler` package: every task compiled, then the workflow. */
export const defaultWorkflowCompiler: WorkflowCompiler = {
  compile(input) {
    const tasks: CompiledTask[] = [];
    const errors: string[] = [];
    for (const t of input.tasks) {
      const r = compileTask(t);
      if (r.ok) tasks.push(r.value);
      else errors.push(formatCompileErrors(r.errors));
    }
    if (errors.length > 0) return { ok: false, message: errors.join("\n") };
    const r = compileWorkflow({ primary: input.primary, subWorkflows: input.subWorkflows, tasks });
    return r.ok ? { ok: true, closure: r.value } : { ok: false, message: formatCompileErrors(r.errors) };
  },
};
