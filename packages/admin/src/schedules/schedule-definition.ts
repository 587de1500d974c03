import { nextCronTime, parseCron, type CronSpec } from "@flyte-ts/core";
import { FixedRateUnit, type Schedule } from "@flyte-ts/idl/gen/flyteidl/admin/schedule_pb";
import { previousCronTime } from "./cron-previous.js";

/**
 * A launch plan's schedule, read once: a cron expression (5 fields or a descriptor, UTC) or a
 * fixed interval (`FixedRate`, or cron's `@every <duration>`). Fire times are epoch milliseconds.
 *
 * Cron fire times are absolute (`0 * * * *` fires on the hour). Interval fire times are counted
 * from an anchor, the time the launch plan version was activated: `anchor + k * interval`, k ≥ 1.
 * Counting from a fixed anchor rather than from the last launch keeps a restart from shifting the
 * slots (Flyte's fixed-rate restart drift).
 */
export type ScheduleDefinition =
  | { kind: "cron"; expression: string; fields: Extract<CronSpec, { kind: "fields" }>; kickoffTimeInputArg: string }
  | {
      kind: "interval";
      /** Where it came from: `rate` (FixedRate) or `cron` (`@every <duration>`). */
      source: "rate" | "cron";
      expression: string;
      intervalMs: number;
      kickoffTimeInputArg: string;
    };

export type ReadScheduleResult = { ok: true; definition: ScheduleDefinition } | { ok: false; message: string };

const UNIT_MS: Record<FixedRateUnit, number> = {
  [FixedRateUnit.MINUTE]: 60_000,
  [FixedRateUnit.HOUR]: 3_600_000,
  [FixedRateUnit.DAY]: 86_400_000,
};

/** Reads `spec.entity_metadata.schedule`; the message names the field and what is wrong. */
export function readScheduleDefinition(schedule: Schedule): ReadScheduleResult {
  const kickoffTimeInputArg = schedule.kickoffTimeInputArg;
  const expr = schedule.ScheduleExpression;
  switch (expr.case) {
    case "cronSchedule":
    case "cronExpression": {
      const expression = expr.case === "cronSchedule" ? expr.value.schedule : expr.value;
      let spec: CronSpec;
      try {
        spec = parseCron(expression);
      } catch (e) {
        return { ok: false, message: (e as Error).message };
      }
      if (spec.kind === "every")
        return {
          ok: true,
          definition: {
            kind: "interval",
            source: "cron",
            expression,
            intervalMs: spec.intervalMs,
            kickoffTimeInputArg,
          },
        };
      return { ok: true, definition: { kind: "cron", expression, fields: spec, kickoffTimeInputArg } };
    }
    case "rate": {
      const unitMs = UNIT_MS[expr.value.unit] as number | undefined;
      const unitName = FixedRateUnit[expr.value.unit] ?? String(expr.value.unit);
      if (unitMs === undefined) return { ok: false, message: `rate.unit ${unitName} is not MINUTE, HOUR or DAY` };
      if (expr.value.value <= 0)
        return { ok: false, message: `rate.value must be at least 1, got ${expr.value.value}` };
      return {
        ok: true,
        definition: {
          kind: "interval",
          source: "rate",
          expression: `${expr.value.value} ${unitName}`,
          intervalMs: expr.value.value * unitMs,
          kickoffTimeInputArg,
        },
      };
    }
    case undefined:
      return { ok: false, message: "the schedule has neither cron_schedule, cron_expression nor rate" };
    default: {
      const never: never = expr;
      return { ok: false, message: `unknown schedule ${JSON.stringify(never)}` };
    }
  }
}

/** The first fire time strictly after `after`; undefined when the schedule never fires again. */
export function nextFireTime(d: ScheduleDefinition, after: number, anchor: number): number | undefined {
  switch (d.kind) {
    case "cron":
      return nextCronTime(d.fields, new Date(after))?.getTime();
    case "interval": {
      const k = Math.max(1, Math.floor((after - anchor) / d.intervalMs) + 1);
      return anchor + k * d.intervalMs;
    }
    default: {
      const never: never = d;
      throw new Error(`unknown schedule ${JSON.stringify(never)}`);
    }
  }
}

/** The last fire time strictly before `before`; undefined when there is none (or before the anchor). */
export function previousFireTime(d: ScheduleDefinition, before: number, anchor: number): number | undefined {
  switch (d.kind) {
    case "cron":
      return previousCronTime(d.fields, before);
    case "interval": {
      const k = Math.ceil((before - anchor) / d.intervalMs) - 1;
      return k >= 1 ? anchor + k * d.intervalMs : undefined;
    }
    default: {
      const never: never = d;
      throw new Error(`unknown schedule ${JSON.stringify(never)}`);
    }
  }
}

/** The next `count` fire times after `after`. */
export function nextFireTimes(d: ScheduleDefinition, after: number, anchor: number, count: number): number[] {
  const out: number[] = [];
  let t: number | undefined = after;
  while (out.length < count && (t = nextFireTime(d, t, anchor)) !== undefined) out.push(t);
  return out;
}
