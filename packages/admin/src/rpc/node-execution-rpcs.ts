import type { ExecutionQueryManager } from "../managers/execution-query-manager.js";
import type { AdminImpl } from "./admin-impl.js";

/** GetNodeExecution, ListNodeExecutions, ListNodeExecutionsForTask, GetNodeExecutionData, GetDynamicNodeWorkflow. */
export function nodeExecutionRpcs(queries: ExecutionQueryManager): AdminImpl {
  return {
    getNodeExecution: (req) => queries.getNodeExecution(req),
    listNodeExecutions: (req) => queries.listNodeExecutions(req),
    listNodeExecutionsForTask: (req) => queries.listNodeExecutionsForTask(req),
    getNodeExecutionData: (req) => queries.getNodeExecutionData(req),
    getDynamicNodeWorkflow: (req) => queries.getDynamicNodeWorkflow(req),
  };
}
