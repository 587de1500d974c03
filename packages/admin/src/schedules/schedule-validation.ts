import { LaunchPlanErrorCode, type LaunchPlanError } from "@flyte-ts/compiler";
import type { LaunchPlanSpec } from "@flyte-ts/idl/gen/flyteidl/admin/launch_plan_pb";
import { nextFireTime, readScheduleDefinition } from "./schedule-definition.js";

/** ISO 8601 duration (`P1D`, `PT30M`, `P1DT2H`), as `CronSchedule.offset` documents. */
const ISO_DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;

/**
 * Registration checks of a launch plan's schedule beyond what `compileLaunchPlan` checks (a cron
 * that parses, a positive rate, no required inputs but the kickoff input, a DATETIME kickoff
 * input): a cron that can never fire (`0 0 30 2 *`) and a malformed `cron_schedule.offset`.
 * Returns nothing when there is no schedule or it does not parse (the compiler reports that).
 *
 * The offset is accepted but not applied, as Flyte's native scheduler ignores it.
 */
export function checkLaunchPlanSchedule(spec: LaunchPlanSpec, now: number): LaunchPlanError[] {
  const schedule = spec.entityMetadata?.schedule;
  if (!schedule) return [];
  const errors: LaunchPlanError[] = [];
  const expr = schedule.ScheduleExpression;
  if (expr.case === "cronSchedule" && expr.value.offset !== "" && !ISO_DURATION.test(expr.value.offset)) {
    errors.push({
      code: LaunchPlanErrorCode.InvalidSchedule,
      variable: "schedule",
      message: `spec.entity_metadata.schedule.cron_schedule.offset ${JSON.stringify(expr.value.offset)} is not an ISO 8601 duration such as PT30M or P1D`,
    });
  }
  const read = readScheduleDefinition(schedule);
  if (read.ok && read.definition.kind === "cron" && nextFireTime(read.definition, now, now) === undefined) {
    errors.push({
      code: LaunchPlanErrorCode.InvalidSchedule,
      variable: "schedule",
      message: `cron schedule ${JSON.stringify(read.definition.expression)} never fires: no date matches its day-of-month, month and day-of-week fields`,
    });
  }
  return errors;
}
