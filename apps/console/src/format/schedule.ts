import { FixedRateUnit, type Schedule } from "@flyte-ts/idl/gen/flyteidl/admin/schedule_pb";

export function scheduleText(s: Schedule | undefined): string | undefined {
  if (!s) return undefined;
  const e = s.ScheduleExpression;
  switch (e.case) {
    case "cronExpression":
      return `cron ${e.value}`;
    case "cronSchedule":
      return `cron ${e.value.schedule}${e.value.offset ? ` (offset ${e.value.offset})` : ""}`;
    case "rate": {
      const unit = (FixedRateUnit[e.value.unit] ?? "").toLowerCase();
      return `every ${e.value.value} ${unit}${e.value.value === 1 ? "" : "s"}`;
    }
    case undefined:
      return undefined;
  }
}
