import { addNode } from "../authoring/call.js";
import { callSite } from "../authoring/call-site.js";
import { durationSeconds } from "../authoring/duration.js";
import { AuthoringError, AuthoringErrorCode } from "../authoring/errors.js";
import type { NodeOverrides } from "../authoring/graph.js";
import type {
  CallInputs,
  CallResult,
  EntityInterface,
  InputValues,
  OutputSpec,
  OutputValue,
  RunInputs,
} from "../authoring/interface.js";
import { runLocally } from "../authoring/local-runner.js";
import { SimpleType } from "@flyte-ts/idl/gen/flyteidl/core/types_pb";
import type { TypeMap } from "../types/flyte-type.js";
import { entityOf, makeCallable } from "./callable.js";
import {
  LaunchPlanEntity,
  type LaunchPlanSettings,
  type NotificationSpec,
  type Schedule,
} from "./launch-plan-entity.js";
import type { WorkflowFn } from "./workflow.js";
import { WorkflowEntity } from "./workflow-entity.js";

/** What `launchPlan(workflow, options)` takes: name, default and fixed inputs, schedule, notifications. */
export interface LaunchPlanOptions<I extends TypeMap, D, F> extends Omit<
  LaunchPlanSettings,
  "defaults" | "fixed" | "schedule"
> {
  /** The launch plan's name (required, like flytekit's `LaunchPlan.get_or_create`). */
  readonly name: string;
  /** Defaults callers may override. */
  readonly defaults?: InputValues<I, D>;
  /** Values callers cannot change. */
  readonly fixed?: InputValues<I, F>;
  /** `{ cron: "0 * * * *", kickoffInput: "t" }` or `{ every: "10m" }`. */
  readonly schedule?: Schedule & { readonly kickoffInput?: keyof I & string };
  readonly notifications?: readonly NotificationSpec[];
}

/** Inputs of a launch-plan call: fixed inputs (`FK`) cannot be given. */
type LaunchPlanInputs<X, FK extends PropertyKey> = Omit<X, FK> & { readonly [K in FK]?: never };

/** A launch plan: call it in a workflow body for a child execution (launch-plan node). */
export interface LaunchPlanFn<I extends TypeMap, O extends OutputSpec, DK extends PropertyKey, FK extends PropertyKey> {
  (inputs?: LaunchPlanInputs<CallInputs<I, DK>, FK>): CallResult<O>;
  readonly entity: LaunchPlanEntity;
  /** Runs the launch plan's workflow through the registered local runner. */
  run(inputs?: LaunchPlanInputs<RunInputs<I, DK>, FK>): Promise<OutputValue<O>>;
  /** The same launch plan with node settings overridden for one call. */
  withOverrides(overrides: NodeOverrides): (inputs?: LaunchPlanInputs<CallInputs<I, DK>, FK>) => CallResult<O>;
}

/** Defines a launch plan of a workflow. */
export function launchPlan<
  I extends TypeMap,
  O extends OutputSpec,
  DK extends PropertyKey,
  D = Record<never, never>,
  F = Record<never, never>,
>(wf: WorkflowFn<I, O, DK>, options: LaunchPlanOptions<I, D, F>): LaunchPlanFn<I, O, DK | keyof D, keyof F> {
  const workflow = entityOf(wf);
  if (!(workflow instanceof WorkflowEntity)) {
    throw new AuthoringError(AuthoringErrorCode.InvalidEntity, `launchPlan '${options.name}' needs a workflow`);
  }
  const settings = options as LaunchPlanSettings;
  const entity = new LaunchPlanEntity({
    iface: launchPlanInterface(workflow.iface, settings, `launch plan '${options.name}'`),
    workflow,
    settings,
    definedAt: callSite(),
  });
  return launchPlanCallable(entity) as LaunchPlanFn<I, O, DK | keyof D, keyof F>;
}

export function launchPlanCallable(entity: LaunchPlanEntity): unknown {
  const run = (inputs: Readonly<Record<string, unknown>> = {}) => runLocally(entity, inputs);
  return makeCallable(
    entity,
    {
      inWorkflow: (builder, inputs, overrides) =>
        addNode({
          builder,
          entity,
          target: { kind: "launchPlan", entity },
          inputs,
          overrides,
          optional: new Set(Object.keys(entity.iface.defaults)),
        }),
      outside: run,
    },
    { run },
  );
}

/** The interface callers see: the workflow's, minus fixed inputs, with defaults merged. */
export function launchPlanInterface(wf: EntityInterface, s: LaunchPlanSettings, label: string): EntityInterface {
  const fixed = s.fixed ?? {};
  const defaults = { ...wf.defaults, ...(s.defaults ?? {}) };
  for (const k of [...Object.keys(fixed), ...Object.keys(s.defaults ?? {})]) {
    if (!(k in wf.inputs)) {
      throw new AuthoringError(
        AuthoringErrorCode.VariableNameNotFound,
        `${label}: '${k}' is not an input of the workflow`,
        { variable: k },
      );
    }
  }
  const inputs = Object.fromEntries(Object.entries(wf.inputs).filter(([k]) => !(k in fixed)));
  for (const k of Object.keys(fixed)) delete defaults[k];
  if (s.schedule) checkSchedule(s.schedule, inputs, defaults, label);
  return { ...wf, inputs, defaults };
}

function checkSchedule(
  schedule: Schedule,
  inputs: EntityInterface["inputs"],
  defaults: Readonly<Record<string, unknown>>,
  label: string,
): void {
  const fail = (m: string) => new AuthoringError(AuthoringErrorCode.InvalidSchedule, `${label}: ${m}`);
  if ("cron" in schedule) {
    const c = schedule.cron.trim();
    if (
      !(c.startsWith("@")
        ? /^@(yearly|annually|monthly|weekly|daily|midnight|hourly|every\s+\S+)$/.test(c)
        : c.split(/\s+/).length === 5)
    ) {
      throw fail(
        `cron schedule "${schedule.cron}" must have 5 fields (minute hour day month weekday) or be a descriptor like @hourly`,
      );
    }
  } else {
    const s = durationSeconds(schedule.every, `${label}: schedule`);
    if (s < 60 || s % 60 !== 0) throw fail("a fixed-rate schedule must be a whole number of minutes");
  }
  const kick = schedule.kickoffInput;
  if (kick !== undefined) {
    const type = inputs[kick];
    if (!type) throw fail(`kickoff input '${kick}' is not an input of the workflow`);
    const lt = type.literalType.type;
    if (!(lt.case === "simple" && lt.value === SimpleType.DATETIME))
      throw fail(`kickoff input '${kick}' must be a datetime`);
  }
  for (const name of Object.keys(inputs)) {
    if (name !== kick && !(name in defaults)) {
      throw fail(`scheduled launch plans need a default or fixed value for every input, but '${name}' has none`);
    }
  }
}
