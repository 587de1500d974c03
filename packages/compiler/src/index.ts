export { compileTask } from "./task/compile-task.js";
export { compileWorkflow, type CompileWorkflowInput } from "./compile-workflow.js";
export { getRequirements } from "./requirements.js";
export { CompileErrorCode, formatCompileErrors, type CompileError, type CompileResult } from "./errors.js";
export { START_NODE_ID, END_NODE_ID } from "./ids.js";
export type { LaunchPlanInterface } from "./workflow/shared.js";
export { nodeValidators, type NodeKind, type NodeKindValidator } from "./node-validators.js";
export { isValidQuantity, isDns1123Label } from "./task/quantity.js";
export {
  compileLaunchPlan,
  readSchedule,
  nextScheduleTime,
  LaunchPlanErrorCode,
  type CompiledLaunchPlan,
  type LaunchPlanError,
  type LaunchPlanResult,
  type ReadSchedule,
} from "./launch-plan/compile-launch-plan.js";
