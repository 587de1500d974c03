import type { Node } from "@flyte-ts/idl/gen/flyteidl/core/workflow_pb";
import type { NodePhase } from "../model/phases.js";
import { arrayHandler } from "./array/array-handler.js";
import { branchHandler } from "./branch/branch-handler.js";
import { dynamicHandler } from "./dynamic/dynamic-handler.js";
import { endHandler } from "./end/end-handler.js";
import { gateHandler } from "./gate/gate-handler.js";
import { kindOf } from "./kind.js";
import { launchPlanHandler } from "./launchplan/launch-plan-handler.js";
import type { NodeHandler, NodeKind } from "./node-handler.js";
import { startHandler } from "./start/start-handler.js";
import { subWorkflowHandler } from "./subworkflow/sub-workflow-handler.js";
import { taskHandler } from "./task/task-handler.js";

/** One handler per node kind; a kind without a handler does not compile. */
export const nodeHandlers: Readonly<Record<NodeKind, NodeHandler>> = {
  start: startHandler,
  end: endHandler,
  task: taskHandler,
  branch: branchHandler,
  subworkflow: subWorkflowHandler,
  launchplan: launchPlanHandler,
  dynamic: dynamicHandler,
  array: arrayHandler,
  gate: gateHandler,
};

export function handlerFor(node: Node, phase: NodePhase): NodeHandler {
  return nodeHandlers[kindOf(node, phase)];
}
