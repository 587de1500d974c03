import { create } from "@bufbuild/protobuf";
import { areTypesCastable, literalTypeForLiteral, nextCronTime, parseCron, type CronSpec } from "@flyte-ts/core";
import type { LaunchPlanSpec } from "@flyte-ts/idl/gen/flyteidl/admin/launch_plan_pb";
import { FixedRateUnit, type Schedule } from "@flyte-ts/idl/gen/flyteidl/admin/schedule_pb";
import {
  ParameterMapSchema,
  ParameterSchema,
  VariableMapSchema,
  type ParameterMap,
  type TypedInterface,
  type VariableMap,
} from "@flyte-ts/idl/gen/flyteidl/core/interface_pb";
import { SimpleType } from "@flyte-ts/idl/gen/flyteidl/core/types_pb";
import { typeToString } from "@flyte-ts/idl";

/** A launch plan problem, named by the input variable (or `schedule`) it concerns. */
export interface LaunchPlanError {
  code: LaunchPlanErrorCode;
  variable?: string;
  message: string;
}

export const LaunchPlanErrorCode = {
  UnknownInput: "UnknownInput",
  MismatchingTypes: "MismatchingTypes",
  InputsOnInputlessWorkflow: "InputsOnInputlessWorkflow",
  DefaultAndFixed: "DefaultAndFixed",
  InvalidSchedule: "InvalidSchedule",
  ScheduleRequiresInput: "ScheduleRequiresInput",
  InvalidKickoffInput: "InvalidKickoffInput",
} as const;
export type LaunchPlanErrorCode = (typeof LaunchPlanErrorCode)[keyof typeof LaunchPlanErrorCode];

/** What a launch plan reads as, once checked against its workflow's interface. */
export interface CompiledLaunchPlan {
  expectedInputs: ParameterMap;
  expectedOutputs: VariableMap;
  /** The schedule as read, with its next fire time after `now`, if the plan has one. */
  schedule?: ReadSchedule;
}

export type ReadSchedule =
  | { kind: "cron"; expression: string; spec: CronSpec; kickoffTimeInputArg?: string }
  | { kind: "rate"; intervalMs: number; kickoffTimeInputArg?: string };

export type LaunchPlanResult = { ok: true; value: CompiledLaunchPlan } | { ok: false; errors: LaunchPlanError[] };

const unitMs: Record<FixedRateUnit, number> = {
  [FixedRateUnit.MINUTE]: 60_000,
  [FixedRateUnit.HOUR]: 3_600_000,
  [FixedRateUnit.DAY]: 86_400_000,
};

export function readSchedule(schedule: Schedule): { schedule?: ReadSchedule; error?: LaunchPlanError } {
  const kickoff = schedule.kickoffTimeInputArg ? { kickoffTimeInputArg: schedule.kickoffTimeInputArg } : {};
  const expr = schedule.ScheduleExpression;
  switch (expr.case) {
    case "cronSchedule":
    case "cronExpression": {
      const expression = expr.case === "cronSchedule" ? expr.value.schedule : expr.value;
      try {
        return { schedule: { kind: "cron", expression, spec: parseCron(expression), ...kickoff } };
      } catch (e) {
        return {
          error: { code: LaunchPlanErrorCode.InvalidSchedule, variable: "schedule", message: (e as Error).message },
        };
      }
    }
    case "rate": {
      const ms = unitMs[expr.value.unit];
      if (!ms || expr.value.value <= 0) {
        return {
          error: {
            code: LaunchPlanErrorCode.InvalidSchedule,
            variable: "schedule",
            message: `invalid fixed-rate schedule: value must be a positive number of minutes, hours or days, got ${expr.value.value}`,
          },
        };
      }
      return { schedule: { kind: "rate", intervalMs: ms * expr.value.value, ...kickoff } };
    }
    case undefined:
      return {
        error: {
          code: LaunchPlanErrorCode.InvalidSchedule,
          variable: "schedule",
          message: "schedule has neither a cron expression nor a rate",
        },
      };
  }
}

/** The next time a read schedule fires after `after` (rates count from `anchor`). */
export function nextScheduleTime(schedule: ReadSchedule, after: Date, anchor?: Date): Date | undefined {
  if (schedule.kind === "cron") return nextCronTime(schedule.spec, after, anchor);
  return nextCronTime({ kind: "every", intervalMs: schedule.intervalMs }, after, anchor);
}

/**
 * Computes a launch plan's expected inputs and outputs from its workflow's interface, as Flyte's
 * control plane does at registration, and checks its defaults, fixed inputs and schedule.
 *
 * For each workflow input: a default given by the plan becomes that parameter (its value must fit
 * the input's type); a fixed input is left out (it can never be overridden); otherwise the input is
 * copied as required. Names the workflow does not declare are rejected. With a schedule, every
 * expected input except the kickoff-time input must have a default, and the kickoff input must be
 * a DATETIME.
 */
export function compileLaunchPlan(
  spec: LaunchPlanSpec,
  workflowInterface: TypedInterface | undefined,
): LaunchPlanResult {
  const errors: LaunchPlanError[] = [];
  const wfInputs = workflowInterface?.inputs?.variables ?? {};
  const defaults = spec.defaultInputs?.parameters ?? {};
  const fixed = spec.fixedInputs?.literals ?? {};
  const hasWfInputs = Object.keys(wfInputs).length > 0;

  if (
    !hasWfInputs &&
    (Object.keys(fixed).length > 0 || Object.values(defaults).some((p) => p.behavior.case === "default"))
  ) {
    errors.push({
      code: LaunchPlanErrorCode.InputsOnInputlessWorkflow,
      message: "the workflow takes no inputs, so the launch plan may not set default or fixed inputs",
    });
  }
  for (const name of Object.keys(defaults)) {
    if (hasWfInputs && !(name in wfInputs)) {
      errors.push({
        code: LaunchPlanErrorCode.UnknownInput,
        variable: name,
        message: unknownInput("default", name, wfInputs),
      });
    }
  }
  for (const [name, literal] of Object.entries(fixed)) {
    const variable = wfInputs[name];
    if (!variable) {
      if (hasWfInputs)
        errors.push({
          code: LaunchPlanErrorCode.UnknownInput,
          variable: name,
          message: unknownInput("fixed", name, wfInputs),
        });
      continue;
    }
    const actual = literalTypeForLiteral(literal);
    if (variable.type && (!actual || !areTypesCastable(actual, variable.type))) {
      errors.push({
        code: LaunchPlanErrorCode.MismatchingTypes,
        variable: name,
        message: `fixed input '${name}' has a value of type ${actual ? typeToString(actual) : "unknown"} but the workflow expects ${typeToString(variable.type)}`,
      });
    }
  }

  const expected = create(ParameterMapSchema, {});
  for (const [name, variable] of Object.entries(wfInputs)) {
    const param = defaults[name];
    if (name in fixed) {
      if (param?.behavior.case === "default") {
        errors.push({
          code: LaunchPlanErrorCode.DefaultAndFixed,
          variable: name,
          message: `input '${name}' is both fixed and given a default; a fixed input cannot be overridden, so drop the default`,
        });
      }
      continue;
    }
    if (param?.behavior.case === "default") {
      const actual = literalTypeForLiteral(param.behavior.value);
      if (variable.type && (!actual || !areTypesCastable(actual, variable.type))) {
        errors.push({
          code: LaunchPlanErrorCode.MismatchingTypes,
          variable: name,
          message: `default for input '${name}' has type ${actual ? typeToString(actual) : "unknown"} but the workflow expects ${typeToString(variable.type)}`,
        });
      }
      expected.parameters[name] = create(ParameterSchema, { var: variable, behavior: param.behavior });
    } else {
      expected.parameters[name] = create(ParameterSchema, {
        var: variable,
        behavior: { case: "required", value: true },
      });
    }
  }

  let schedule: ReadSchedule | undefined;
  const rawSchedule = spec.entityMetadata?.schedule;
  if (rawSchedule) {
    const read = readSchedule(rawSchedule);
    if (read.error) errors.push(read.error);
    schedule = read.schedule;
    errors.push(...checkScheduleInputs(rawSchedule.kickoffTimeInputArg, expected));
  }

  if (errors.length > 0) return { ok: false, errors };
  const value: CompiledLaunchPlan = {
    expectedInputs: expected,
    expectedOutputs: workflowInterface?.outputs ?? create(VariableMapSchema, {}),
  };
  if (schedule) value.schedule = schedule;
  return { ok: true, value };
}

function checkScheduleInputs(kickoff: string, expected: ParameterMap): LaunchPlanError[] {
  const errors: LaunchPlanError[] = [];
  if (kickoff) {
    const param = expected.parameters[kickoff];
    const t = param?.var?.type?.type;
    if (!param) {
      errors.push({
        code: LaunchPlanErrorCode.InvalidKickoffInput,
        variable: kickoff,
        message: `the schedule's kickoff-time input '${kickoff}' is not an input of the workflow (or is fixed)`,
      });
    } else if (!(t?.case === "simple" && t.value === SimpleType.DATETIME)) {
      errors.push({
        code: LaunchPlanErrorCode.InvalidKickoffInput,
        variable: kickoff,
        message: `the schedule's kickoff-time input '${kickoff}' must be a DATETIME, but it is ${typeToString(param.var?.type)}`,
      });
    }
  }
  for (const [name, param] of Object.entries(expected.parameters)) {
    if (name !== kickoff && param.behavior.case !== "default") {
      errors.push({
        code: LaunchPlanErrorCode.ScheduleRequiresInput,
        variable: name,
        message: `a scheduled launch plan cannot have required inputs, but '${name}' has no default: give it a default or a fixed value`,
      });
    }
  }
  return errors;
}

function unknownInput(what: string, name: string, inputs: Readonly<Record<string, unknown>>): string {
  const known = Object.keys(inputs);
  return `${what} input '${name}' is not an input of the workflow${known.length ? ` (inputs: ${known.join(", ")})` : ""}`;
}
