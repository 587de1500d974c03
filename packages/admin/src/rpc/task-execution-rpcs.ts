import type { ExecutionQueryManager } from "../managers/execution-query-manager.js";
import type { AdminImpl } from "./admin-impl.js";

/** GetTaskExecution, ListTaskExecutions, GetTaskExecutionData. */
export function taskExecutionRpcs(queries: ExecutionQueryManager): AdminImpl {
  return {
    getTaskExecution: (req) => queries.getTaskExecution(req),
    listTaskExecutions: (req) => queries.listTaskExecutions(req),
    getTaskExecutionData: (req) => queries.getTaskExecutionData(req),
  };
}
