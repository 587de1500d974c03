import { create } from "@bufbuild/protobuf";
import { TaskCreateResponseSchema } from "@flyte-ts/idl/gen/flyteidl/admin/task_pb";
import type { TaskManager } from "../managers/task-manager.js";
import type { AdminImpl } from "./admin-impl.js";

/** CreateTask, GetTask, ListTasks, ListTaskIds. */
export function taskRpcs(tasks: TaskManager): AdminImpl {
  return {
    async createTask(req) {
      await tasks.create(req);
      return create(TaskCreateResponseSchema);
    },
    getTask: (req) => tasks.get(req),
    listTasks: (req) => tasks.list(req),
    listTaskIds: (req) => tasks.listIds(req),
  };
}
