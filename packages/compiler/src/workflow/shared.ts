import type { CompiledTask, CompiledWorkflow } from "@flyte-ts/idl/gen/flyteidl/core/compiler_pb";
import type { Identifier } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import type { ParameterMap, TypedInterface } from "@flyte-ts/idl/gen/flyteidl/core/interface_pb";
import type { WorkflowTemplate } from "@flyte-ts/idl/gen/flyteidl/core/workflow_pb";
import type { ErrorSink } from "../errors.js";

/**
 * What a launch-plan node needs to know about the launch plan it calls. `interface` is the launch
 * plan's interface (inputs = every parameter, outputs = expected outputs). `expectedInputs`, when
 * given (admin's `LaunchPlanClosure.expected_inputs`), decides which parameters are required;
 * without it, every input whose type is not optional is required.
 */
export interface LaunchPlanInterface {
  readonly id: Identifier;
  readonly interface: TypedInterface;
  readonly expectedInputs?: ParameterMap;
}

/** State shared by the primary workflow and every sub-workflow compiled on its behalf. */
export interface SharedState {
  readonly errors: ErrorSink;
  readonly tasks: ReadonlyMap<string, CompiledTask>;
  readonly launchPlans: ReadonlyMap<string, LaunchPlanInterface>;
  /** Sub-workflow templates (our copies) by id key. */
  readonly subWorkflows: ReadonlyMap<string, WorkflowTemplate>;
  /** Sub-workflows compiled so far: compiled once, reused by every node that calls them. */
  readonly compiledSubWorkflows: Map<string, CompiledWorkflow | "in-progress" | "failed">;
  /** Compiles a sub-workflow template (set by the workflow compiler; breaks the module cycle). */
  compileSubWorkflow(template: WorkflowTemplate): CompiledWorkflow | undefined;
}
