import { create } from "@bufbuild/protobuf";
import {
  ExecutionTerminateResponseSchema,
  ExecutionUpdateResponseSchema,
} from "@flyte-ts/idl/gen/flyteidl/admin/execution_pb";
import type { ExecutionManager } from "../managers/execution-manager.js";
import type { ExecutionQueryManager } from "../managers/execution-query-manager.js";
import type { AdminImpl } from "./admin-impl.js";

/** CreateExecution, RelaunchExecution, RecoverExecution, Get/List/GetData, Terminate, Update. */
export function executionRpcs(executions: ExecutionManager, queries: ExecutionQueryManager): AdminImpl {
  return {
    createExecution: (req) => executions.create(req),
    relaunchExecution: (req) => executions.relaunch(req),
    recoverExecution: (req) => executions.recover(req),
    getExecution: (req) => queries.getExecution(req),
    listExecutions: (req) => queries.listExecutions(req),
    getExecutionData: (req) => queries.getExecutionData(req),
    getExecutionMetrics: (req) => queries.getExecutionMetrics(req),
    async terminateExecution(req) {
      await executions.terminate(req);
      return create(ExecutionTerminateResponseSchema);
    },
    async updateExecution(req) {
      await executions.update(req);
      return create(ExecutionUpdateResponseSchema);
    },
  };
}
