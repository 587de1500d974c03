import type { TaskNode } from "@flyte-ts/idl/gen/flyteidl/core/workflow_pb";
import { CompileErrorCode } from "../errors.js";
import { idKey, idString } from "../ids.js";
import type { NodeKindValidator } from "../node-validators.js";
import { completeInterface } from "../validation/interface.js";

/** A task node: its interface is the referenced task's interface. */
export const taskNodeValidator: NodeKindValidator<"taskNode"> = {
  resolveInterface(ctx, s, target: TaskNode) {
    const id = s.node.id;
    if (target.reference.case !== "referenceId") {
      ctx.shared.errors.add(
        CompileErrorCode.ValueRequired,
        id,
        `node ${id}: task node has no task reference (reference_id)`,
      );
      return undefined;
    }
    const ref = target.reference.value;
    const task = ctx.shared.tasks.get(idKey(ref));
    if (!task) {
      ctx.shared.errors.add(
        CompileErrorCode.TaskReferenceNotFound,
        id,
        `node ${id}: references ${idString(ref)}, which was not provided to the compiler`,
      );
      return undefined;
    }
    s.task = task;
    return completeInterface(task.template?.interface);
  },
  validate() {
    // Everything a task node needs was checked while resolving its interface.
  },
};
