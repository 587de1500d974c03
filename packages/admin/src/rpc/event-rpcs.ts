import { create } from "@bufbuild/protobuf";
import {
  NodeExecutionEventResponseSchema,
  TaskExecutionEventResponseSchema,
  WorkflowExecutionEventResponseSchema,
} from "@flyte-ts/idl/gen/flyteidl/admin/event_pb";
import type { EventManager } from "../managers/event-manager.js";
import type { AdminImpl } from "./admin-impl.js";

/** CreateWorkflowEvent, CreateNodeEvent, CreateTaskEvent: the engine reporting over the API. */
export function eventRpcs(events: EventManager): AdminImpl {
  return {
    async createWorkflowEvent(req) {
      await events.workflowEvent(req);
      return create(WorkflowExecutionEventResponseSchema);
    },
    async createNodeEvent(req) {
      await events.nodeEvent(req);
      return create(NodeExecutionEventResponseSchema);
    },
    async createTaskEvent(req) {
      await events.taskEvent(req);
      return create(TaskExecutionEventResponseSchema);
    },
  };
}
