import type { CronSpec } from "@flyte-ts/core";

type FieldsSpec = Extract<CronSpec, { kind: "fields" }>;

const MINUTE = 60_000;
/** How far back to look before deciding a cron never fired (matches the forward search's horizon). */
const HORIZON_MS = 5 * 366 * 86_400_000;

/** Classic cron: when both day fields are restricted a day matches if either does. */
function dayMatches(spec: FieldsSpec, t: Date): boolean {
  const dom = spec.daysOfMonth.has(t.getUTCDate());
  const dow = spec.daysOfWeek.has(t.getUTCDay());
  if (spec.domRestricted && spec.dowRestricted) return dom || dow;
  return dom && dow;
}

/**
 * The last fire time of a 5-field cron strictly before `before` (epoch ms, UTC), the mirror of
 * core's `nextCronTime`: it walks back a month, a day or an hour at a time while those fields do
 * not match, so a search costs at most a few thousand steps. Undefined past a five-year horizon.
 */
export function previousCronTime(spec: FieldsSpec, before: number): number | undefined {
  let t = Math.floor((before - 1) / MINUTE) * MINUTE;
  const limit = before - HORIZON_MS;
  while (t >= limit) {
    const d = new Date(t);
    const y = d.getUTCFullYear();
    const mo = d.getUTCMonth();
    const day = d.getUTCDate();
    if (!spec.months.has(mo + 1)) {
      t = Date.UTC(y, mo, 1) - MINUTE; // 23:59 on the last day of the previous month
    } else if (!dayMatches(spec, d)) {
      t = Date.UTC(y, mo, day) - MINUTE;
    } else if (!spec.hours.has(d.getUTCHours())) {
      t = Date.UTC(y, mo, day, d.getUTCHours()) - MINUTE;
    } else if (!spec.minutes.has(d.getUTCMinutes())) {
      t -= MINUTE;
    } else {
      return t;
    }
  }
  return undefined;
}
