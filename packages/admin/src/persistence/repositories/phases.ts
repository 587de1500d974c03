import {
  NodeExecution_Phase,
  TaskExecution_Phase,
  WorkflowExecution_Phase,
} from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";
import { enumValues } from "../filters/list-spec.js";

/** Phases are stored by name (`SUCCEEDED`), as flyteadmin does. */
export const WORKFLOW_PHASE_NAMES: readonly string[] = Object.keys(enumValues(WorkflowExecution_Phase));
export const NODE_PHASE_NAMES: readonly string[] = Object.keys(enumValues(NodeExecution_Phase));
export const TASK_PHASE_NAMES: readonly string[] = Object.keys(enumValues(TaskExecution_Phase));
