export interface Tick {
  /** Offset from the axis origin, ms. */
  readonly offset: number;
  readonly label: string;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const STEPS = [
  1,
  2,
  5,
  10,
  20,
  50,
  100,
  200,
  500,
  SECOND,
  2 * SECOND,
  5 * SECOND,
  10 * SECOND,
  15 * SECOND,
  30 * SECOND,
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
];

/** The smallest "round" step that cuts `span` ms into at most `maxTicks` intervals. */
export function tickStep(span: number, maxTicks: number): number {
  const target = span / Math.max(1, maxTicks);
  for (const s of STEPS) if (s >= target) return s;
  return Math.ceil(target / DAY) * DAY;
}

/** `1m 30s`, `2h`, `500ms`, `0s`: an offset written with the units the step needs. */
export function formatOffset(offset: number, step: number): string {
  if (offset === 0) return "0s";
  if (step < SECOND) return offset < SECOND ? `${offset}ms` : `${Number((offset / SECOND).toFixed(3))}s`;
  const parts: string[] = [];
  let rest = Math.round(offset / SECOND) * SECOND;
  for (const [unit, size] of [
    ["d", DAY],
    ["h", HOUR],
    ["m", MINUTE],
    ["s", SECOND],
  ] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  return parts.slice(0, 2).join(" ");
}

/** Ticks at round offsets from 0 to `span` (inclusive of 0), at most `maxTicks` + 1 of them. */
export function timeTicks(span: number, maxTicks = 8): Tick[] {
  const step = tickStep(span, maxTicks);
  const ticks: Tick[] = [];
  for (let offset = 0; offset <= span + 1e-9; offset += step) ticks.push({ offset, label: formatOffset(offset, step) });
  return ticks;
}

/** A duration for people: `850ms`, `12.3s`, `4m 05s`, `2h 10m`. */
export function formatDuration(d: number): string {
  if (d < SECOND) return `${Math.round(d)}ms`;
  if (d < MINUTE - 50) return `${(d / SECOND).toFixed(1)}s`;
  if (d < HOUR) return `${Math.floor(d / MINUTE)}m ${String(Math.floor((d % MINUTE) / SECOND)).padStart(2, "0")}s`;
  return `${Math.floor(d / HOUR)}h ${String(Math.floor((d % HOUR) / MINUTE)).padStart(2, "0")}m`;
}

/** Which rows of a virtualised list to render: [first, last) with `overscan` rows either side. */
export function visibleRange(
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
  count: number,
  overscan = 8,
): { first: number; last: number } {
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(count, Math.ceil((scrollTop + viewportHeight) / rowHeight) + overscan);
  return { first, last: Math.max(first, last) };
}
