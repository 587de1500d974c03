/** Which rows of a fixed-row-height list are visible (plus `overscan` on each side). */
export function visibleRange(opts: {
  scrollTop: number;
  viewportHeight: number;
  rowHeight: number;
  count: number;
  overscan?: number;
}): { start: number; end: number } {
  const over = opts.overscan ?? 8;
  if (opts.count === 0 || opts.rowHeight <= 0) return { start: 0, end: 0 };
  const first = Math.floor(Math.max(0, opts.scrollTop) / opts.rowHeight);
  const shown = Math.ceil(Math.max(0, opts.viewportHeight) / opts.rowHeight) + 1;
  const start = Math.max(0, Math.min(opts.count - 1, first - over));
  const end = Math.min(opts.count, first + shown + over);
  return { start, end };
}
