import { ResourceType } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import type { EntityKind } from "../routes";

export const RESOURCE_TYPE: Readonly<Record<EntityKind, ResourceType>> = {
  workflows: ResourceType.WORKFLOW,
  tasks: ResourceType.TASK,
  launch_plans: ResourceType.LAUNCH_PLAN,
};

export const KIND_SINGULAR: Readonly<Record<EntityKind, string>> = {
  workflows: "workflow",
  tasks: "task",
  launch_plans: "launch plan",
};
