import type { EntityId } from "../persistence/repositories/common.js";
import type { CatchUpPolicy } from "./plan-slots.js";
import { nextFireTimes, type ScheduleDefinition } from "./schedule-definition.js";
import type { ScheduledLaunchPlan, ScheduleState } from "./schedule-store.js";

/** One active schedule as `GET /api/v1/schedules/{project}/{domain}` shows it (times are ISO 8601, UTC). */
export interface ScheduleView {
  /** The ACTIVE launch plan version. */
  launchPlan: EntityId;
  /** `cron` (cron_schedule / cron_expression) or `rate` (FixedRate); "" when unreadable. */
  type: "cron" | "rate" | "";
  /** The cron expression as registered, or `<value> <MINUTE|HOUR|DAY>` for a rate. */
  expression: string;
  /** The input set to the fire time ("" when none). */
  kickoffTimeInputArg: string;
  /** When this version was activated (interval schedules count from here). */
  activatedAt: string;
  /** The next fire times, soonest first. */
  nextRuns: string[];
  /** The latest fire time launched or skipped by the catch-up policy; null before the first. */
  lastSlot: string | null;
  /** The execution name launched last; null before the first. */
  lastExecution: string | null;
  /** Why the last launch failed; null when it did not. */
  lastError: string | null;
  /** What a restart does with missed fire times. */
  catchUp: CatchUpPolicy;
}

const iso = (ms: number): string => new Date(ms).toISOString();

export function toScheduleView(o: {
  lp: ScheduledLaunchPlan;
  definition: ScheduleDefinition | null;
  state: ScheduleState | undefined;
  now: number;
  count: number;
  catchUp: CatchUpPolicy;
}): ScheduleView {
  const d = o.definition;
  const s = o.state;
  return {
    launchPlan: o.lp.id,
    type: d === null ? "" : d.kind === "cron" ? "cron" : d.source,
    expression: d?.expression ?? "",
    kickoffTimeInputArg: d?.kickoffTimeInputArg ?? "",
    activatedAt: iso(o.lp.activatedAt),
    nextRuns: d ? nextFireTimes(d, o.now, o.lp.activatedAt, o.count).map(iso) : [],
    lastSlot: s && s.lastSlot > 0 ? iso(s.lastSlot) : null,
    lastExecution: s?.lastExecution ? s.lastExecution : null,
    lastError: s?.lastError ? s.lastError : null,
    catchUp: o.catchUp,
  };
}
