import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import { typeToString } from "@flyte-ts/idl";
import type { MessageInitShape } from "@bufbuild/protobuf";
import type { Identifier, IdentifierSchema } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import { ResourceType } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import type { VariableMap } from "@flyte-ts/idl/gen/flyteidl/core/interface_pb";
import { LaunchPlanSchema, LaunchPlanState, type LaunchPlan } from "@flyte-ts/idl/gen/flyteidl/admin/launch_plan_pb";
import { TaskSchema, type Task } from "@flyte-ts/idl/gen/flyteidl/admin/task_pb";
import { WorkflowSchema, type Workflow } from "@flyte-ts/idl/gen/flyteidl/admin/workflow_pb";
import type { ResourceListRequest } from "@flyte-ts/idl/gen/flyteidl/admin/common_pb";
import type { Column } from "../../output/proto-output.js";
import { formatTime } from "../../output/values.js";
import type { Remote } from "../../remote/remote-client.js";
import type { Page } from "./list-options.js";

type ListRequest = Pick<ResourceListRequest, "limit" | "token" | "filters"> & {
  id: { project: string; domain: string; name: string };
  sortBy?: ResourceListRequest["sortBy"];
};

/** A versioned entity kind (task, workflow, launch plan): how to list, get and show it. */
export interface VersionedKind<D extends DescMessage> {
  /** The noun on the command line: `task`. */
  readonly noun: string;
  readonly label: string;
  readonly resourceType: ResourceType;
  readonly schema: D;
  list(remote: Remote, req: ListRequest): Promise<Page<MessageShape<D>>>;
  get(remote: Remote, id: MessageInitShape<typeof IdentifierSchema>): Promise<MessageShape<D>>;
  readonly columns: readonly Column<MessageShape<D>>[];
}

/** `a: INTEGER, b: STRING` of an interface's variables. */
export function describeVariables(vars: VariableMap | undefined): string {
  const entries = Object.entries(vars?.variables ?? {});
  return entries.length === 0 ? "-" : entries.map(([k, v]) => `${k}: ${typeToString(v.type)}`).join(", ");
}

const idColumns = <T extends { id?: Identifier | undefined }>(): Column<T>[] => [
  { header: "NAME", value: (m) => m.id?.name ?? "" },
  { header: "VERSION", value: (m) => m.id?.version ?? "" },
];

export const TASK_KIND: VersionedKind<typeof TaskSchema> = {
  noun: "task",
  label: "task",
  resourceType: ResourceType.TASK,
  schema: TaskSchema,
  list: async (remote, req) => {
    const r = await remote.admin.listTasks(req);
    return { items: r.tasks, token: r.token };
  },
  get: (remote, id) => remote.admin.getTask({ id }),
  columns: [
    ...idColumns<Task>(),
    { header: "TYPE", value: (t) => t.closure?.compiledTask?.template?.type ?? "" },
    { header: "INPUTS", value: (t) => describeVariables(t.closure?.compiledTask?.template?.interface?.inputs) },
    { header: "CREATED", value: (t) => formatTime(t.closure?.createdAt) },
  ],
};

export const WORKFLOW_KIND: VersionedKind<typeof WorkflowSchema> = {
  noun: "workflow",
  label: "workflow",
  resourceType: ResourceType.WORKFLOW,
  schema: WorkflowSchema,
  list: async (remote, req) => {
    const r = await remote.admin.listWorkflows(req);
    return { items: r.workflows, token: r.token };
  },
  get: (remote, id) => remote.admin.getWorkflow({ id }),
  columns: [
    ...idColumns<Workflow>(),
    {
      header: "INPUTS",
      value: (w) => describeVariables(w.closure?.compiledWorkflow?.primary?.template?.interface?.inputs),
    },
    { header: "CREATED", value: (w) => formatTime(w.closure?.createdAt) },
  ],
};

/** `cron 0 * * * *`, `every 5 MINUTE`, or `-`. */
export function describeSchedule(lp: LaunchPlan): string {
  const s = lp.spec?.entityMetadata?.schedule;
  const e = s?.ScheduleExpression;
  switch (e?.case) {
    case "cronExpression":
      return `cron ${e.value}`;
    case "cronSchedule":
      return `cron ${e.value.schedule}${e.value.offset ? ` offset ${e.value.offset}` : ""}`;
    case "rate": {
      const units = ["MINUTE", "HOUR", "DAY"];
      return `every ${e.value.value} ${units[e.value.unit] ?? String(e.value.unit)}`;
    }
    case undefined:
      return "-";
    default: {
      const unknown: never = e;
      return String(unknown);
    }
  }
}

export const lpStateName = (lp: LaunchPlan): string => LaunchPlanState[lp.closure?.state ?? 0] ?? "";

export const LAUNCH_PLAN_KIND: VersionedKind<typeof LaunchPlanSchema> = {
  noun: "launchplan",
  label: "launch plan",
  resourceType: ResourceType.LAUNCH_PLAN,
  schema: LaunchPlanSchema,
  list: async (remote, req) => {
    const r = await remote.admin.listLaunchPlans(req);
    return { items: r.launchPlans, token: r.token };
  },
  get: (remote, id) => remote.admin.getLaunchPlan({ id }),
  columns: [
    ...idColumns<LaunchPlan>(),
    {
      header: "STATE",
      value: lpStateName,
      color: (lp) => (lp.closure?.state === LaunchPlanState.ACTIVE ? "green" : undefined),
    },
    { header: "SCHEDULE", value: describeSchedule },
    { header: "INPUTS", value: (lp) => describeParameters(lp) },
    { header: "CREATED", value: (lp) => formatTime(lp.closure?.createdAt) },
  ],
};

/** `a: INTEGER, b: STRING = default` of a launch plan's expected inputs. */
function describeParameters(lp: LaunchPlan): string {
  const params = Object.entries(lp.closure?.expectedInputs?.parameters ?? {});
  if (params.length === 0) return "-";
  return params
    .map(([k, p]) => `${k}: ${typeToString(p.var?.type)}${p.behavior.case === "default" ? " (default)" : ""}`)
    .join(", ");
}
