import { create } from "@bufbuild/protobuf";
import { WorkflowCreateResponseSchema } from "@flyte-ts/idl/gen/flyteidl/admin/workflow_pb";
import type { WorkflowManager } from "../managers/workflow-manager.js";
import type { AdminImpl } from "./admin-impl.js";

/** CreateWorkflow, GetWorkflow, ListWorkflows, ListWorkflowIds. */
export function workflowRpcs(workflows: WorkflowManager): AdminImpl {
  return {
    async createWorkflow(req) {
      await workflows.create(req);
      return create(WorkflowCreateResponseSchema);
    },
    getWorkflow: (req) => workflows.get(req),
    listWorkflows: (req) => workflows.list(req),
    listWorkflowIds: (req) => workflows.listIds(req),
  };
}
