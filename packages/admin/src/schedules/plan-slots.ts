import { previousFireTime, type ScheduleDefinition } from "./schedule-definition.js";

/**
 * What happens to fire times that passed while no scheduler was running (or the schedule was
 * active but the scheduler disabled): `none` skips them, `last` launches only the most recent,
 * `all` launches every one of them (the most recent `maxCatchUp`).
 */
export const CatchUpPolicy = { None: "none", Last: "last", All: "all" } as const;
export type CatchUpPolicy = (typeof CatchUpPolicy)[keyof typeof CatchUpPolicy];
export const CATCH_UP_POLICIES: readonly CatchUpPolicy[] = Object.values(CatchUpPolicy);

export interface PlanSlotsInput {
  definition: ScheduleDefinition;
  /** Interval anchor: the activation time of the launch plan version. */
  anchor: number;
  /** Slots at or before this are done: the cursor, or the activation time when there is none. */
  from: number;
  now: number;
  policy: CatchUpPolicy;
  maxCatchUp: number;
  /** A slot at most this late is on time, launched whatever the policy. */
  graceMs: number;
  /** A slot whose launch failed and is being retried: it and later slots count as on time. */
  retrySlot?: number;
}

export interface SlotPlan {
  /** Fire times to launch, oldest first. */
  launch: number[];
  /** The latest due fire time (launched or skipped), where the cursor moves once `launch` is done. */
  latest?: number;
  /** Whether due fire times were skipped by the policy. */
  skipped: boolean;
}

/**
 * The fire times due in `(from, now]` and which of them to launch. Walks back from `now`, so the
 * cost is bounded by the slots it keeps (not by how long the scheduler was down).
 */
export function planSlots(p: PlanSlotsInput): SlotPlan {
  const picked: number[] = [];
  let latest: number | undefined;
  let skipped = false;
  let missedTaken = 0;
  const missedLimit = p.policy === "all" ? p.maxCatchUp : p.policy === "last" ? 1 : 0;
  for (
    let s = previousFireTime(p.definition, p.now + 1, p.anchor);
    s !== undefined && s > p.from;
    s = previousFireTime(p.definition, s, p.anchor)
  ) {
    latest ??= s;
    const onTime = p.now - s <= p.graceMs || (p.retrySlot !== undefined && s >= p.retrySlot);
    if (onTime) {
      picked.push(s);
      continue;
    }
    // `last` means the latest due slot: when an on-time one exists, every missed one is skipped.
    if (p.policy === "last" && picked.length > 0) {
      skipped = true;
      break;
    }
    if (missedTaken >= missedLimit) {
      skipped = true;
      break;
    }
    picked.push(s);
    missedTaken++;
  }
  return { launch: picked.reverse(), ...(latest === undefined ? {} : { latest }), skipped };
}
