import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { LaunchPlanSchema, type LaunchPlan } from "@flyte-ts/idl/gen/flyteidl/admin/launch_plan_pb";
import { FixedRateUnit, type ScheduleSchema } from "@flyte-ts/idl/gen/flyteidl/admin/schedule_pb";
import { WorkflowExecution_Phase } from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";
import type { ParameterSchema } from "@flyte-ts/idl/gen/flyteidl/core/interface_pb";
import type { Literal } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { durationSeconds } from "../authoring/duration.js";
import type { LaunchPlanEntity, NotificationSpec, Schedule } from "../entities/launch-plan-entity.js";
import { constantLiteral } from "./bindings.js";
import { identifierOf } from "./identifiers.js";
import { variables } from "./interface.js";

/** The admin LaunchPlan of a packaged launch plan (closure left empty; admin computes it). */
export async function launchPlanMessage(lp: LaunchPlanEntity): Promise<LaunchPlan> {
  const wf = lp.workflow;
  const where = lp.label;
  const vars = variables(wf.iface.inputs, wf.iface.descriptions.inputs);
  const parameters: Record<string, MessageInitShape<typeof ParameterSchema>> = {};
  for (const [name, v] of Object.entries(vars)) {
    if (!(name in lp.iface.inputs)) continue;
    const type = wf.iface.inputs[name];
    if (!type) continue;
    parameters[name] =
      name in lp.iface.defaults
        ? {
            var: v,
            behavior: {
              case: "default",
              value: await constantLiteral(lp.iface.defaults[name], type, `${where}: default of '${name}'`),
            },
          }
        : { var: v, behavior: { case: "required", value: true } };
  }
  const fixed: Record<string, Literal> = {};
  for (const [name, value] of Object.entries(lp.settings.fixed ?? {})) {
    const type = wf.iface.inputs[name];
    if (type) fixed[name] = await constantLiteral(value, type, `${where}: fixed input '${name}'`);
  }
  const s = lp.settings;
  return create(LaunchPlanSchema, {
    id: identifierOf(lp),
    spec: {
      workflowId: identifierOf(wf, where),
      entityMetadata: {
        ...(s.schedule ? { schedule: schedule(s.schedule, where) } : {}),
        notifications: (s.notifications ?? []).flatMap(notifications),
      },
      defaultInputs: { parameters },
      fixedInputs: { literals: fixed },
      labels: { values: { ...(s.labels ?? {}) } },
      annotations: { values: { ...(s.annotations ?? {}) } },
      maxParallelism: s.maxParallelism ?? 0,
      ...(s.interruptible !== undefined ? { interruptible: s.interruptible } : {}),
      overwriteCache: s.overwriteCache ?? false,
      ...(s.environment
        ? { envs: { values: Object.entries(s.environment).map(([key, value]) => ({ key, value })) } }
        : {}),
      rawOutputDataConfig: { outputLocationPrefix: s.rawOutputPrefix ?? "" },
    },
    closure: { expectedInputs: {}, expectedOutputs: {} },
  });
}

function schedule(s: Schedule, where: string): MessageInitShape<typeof ScheduleSchema> {
  const kickoff = s.kickoffInput ?? "";
  if ("cron" in s)
    return { ScheduleExpression: { case: "cronSchedule", value: { schedule: s.cron } }, kickoffTimeInputArg: kickoff };
  const minutes = durationSeconds(s.every, `${where}: schedule`) / 60;
  const rate =
    minutes % 1440 === 0
      ? { value: minutes / 1440, unit: FixedRateUnit.DAY }
      : minutes % 60 === 0
        ? { value: minutes / 60, unit: FixedRateUnit.HOUR }
        : { value: minutes, unit: FixedRateUnit.MINUTE };
  return { ScheduleExpression: { case: "rate", value: rate }, kickoffTimeInputArg: kickoff };
}

const PHASES = {
  succeeded: WorkflowExecution_Phase.SUCCEEDED,
  failed: WorkflowExecution_Phase.FAILED,
  aborted: WorkflowExecution_Phase.ABORTED,
  timedOut: WorkflowExecution_Phase.TIMED_OUT,
} as const;

function notifications(n: NotificationSpec) {
  const phases = n.on.map((p) => PHASES[p]);
  const out = [];
  if (n.email?.length) out.push({ phases, type: { case: "email" as const, value: { recipientsEmail: [...n.email] } } });
  if (n.slack?.length) out.push({ phases, type: { case: "slack" as const, value: { recipientsEmail: [...n.slack] } } });
  if (n.pagerDuty?.length)
    out.push({ phases, type: { case: "pagerDuty" as const, value: { recipientsEmail: [...n.pagerDuty] } } });
  return out;
}
