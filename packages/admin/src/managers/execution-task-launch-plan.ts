import { create } from "@bufbuild/protobuf";
import { LaunchPlanCreateRequestSchema } from "@flyte-ts/idl/gen/flyteidl/admin/launch_plan_pb";
import { WorkflowCreateRequestSchema, WorkflowSpecSchema } from "@flyte-ts/idl/gen/flyteidl/admin/workflow_pb";
import { IdentifierSchema, ResourceType, type Identifier } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import type { LaunchPlanManager } from "./launch-plan-manager.js";
import type { TaskManager } from "./task-manager.js";
import type { WorkflowManager } from "./workflow-manager.js";

/** Prefix of the workflows and launch plans generated to run a single task (Flyte's `.flytegen.`). */
export const FLYTEGEN_PREFIX = ".flytegen.";

/**
 * CreateExecution of a task (`spec.launch_plan` of resource type TASK), as Flyte does it: a
 * one-node workflow `.flytegen.<task>` at the task's version calling the task with the
 * workflow's inputs and returning its outputs, plus a launch plan of the same name, both
 * registered (identical re-registration is a no-op). Returns the launch plan id.
 */
export async function taskLaunchPlanId(
  m: { tasks: TaskManager; workflows: WorkflowManager; launchPlans: LaunchPlanManager },
  taskId: Identifier,
): Promise<Identifier> {
  const id = { project: taskId.project, domain: taskId.domain, name: taskId.name, version: taskId.version };
  const task = await m.tasks.getCompiled(id);
  const iface = task.template?.interface;
  const name = `${FLYTEGEN_PREFIX}${id.name}`;
  const wfId = create(IdentifierSchema, { ...id, resourceType: ResourceType.WORKFLOW, name });
  const promise = (nodeId: string, v: string) => ({
    var: v,
    binding: { value: { case: "promise" as const, value: { nodeId, var: v } } },
  });
  const spec = create(WorkflowSpecSchema, {
    template: {
      id: wfId,
      ...(iface ? { interface: iface } : {}),
      nodes: [
        {
          id: "n0",
          metadata: { name: id.name },
          inputs: Object.keys(iface?.inputs?.variables ?? {}).map((v) => promise("start-node", v)),
          target: {
            case: "taskNode",
            value: {
              reference: {
                case: "referenceId",
                value: create(IdentifierSchema, { ...id, resourceType: ResourceType.TASK }),
              },
            },
          },
        },
      ],
      outputs: Object.keys(iface?.outputs?.variables ?? {}).map((v) => promise("n0", v)),
    },
  });
  await m.workflows.create(create(WorkflowCreateRequestSchema, { id: wfId, spec }));
  const lpId = create(IdentifierSchema, { ...id, resourceType: ResourceType.LAUNCH_PLAN, name });
  await m.launchPlans.create(create(LaunchPlanCreateRequestSchema, { id: lpId, spec: { workflowId: wfId } }));
  return lpId;
}
