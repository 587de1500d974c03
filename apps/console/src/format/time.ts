import type { Duration, Timestamp } from "@bufbuild/protobuf/wkt";

export const tsMillis = (t: Timestamp | undefined): number | undefined =>
  t ? Number(t.seconds) * 1000 + Math.floor(t.nanos / 1e6) : undefined;

export const durationMillis = (d: Duration | undefined): number | undefined =>
  d ? Number(d.seconds) * 1000 + Math.floor(d.nanos / 1e6) : undefined;

export function formatTime(t: Timestamp | undefined): string {
  const ms = tsMillis(t);
  if (ms === undefined || ms === 0) return "—";
  return new Date(ms).toLocaleString(undefined, { hour12: false });
}

/** `850ms`, `12.3s`, `4m 05s`, `2h 03m`. */
export function formatMillis(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) return "—";
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(Math.floor(s % 60)).padStart(2, "0")}s`;
  const h = Math.floor(m / 60);
  return `${h}h ${String(m % 60).padStart(2, "0")}m`;
}

/** A duration, or for something still running the time since it started. */
export function liveDuration(
  startedAt: Timestamp | undefined,
  duration: Duration | undefined,
  running: boolean,
  now: number,
): string {
  const d = durationMillis(duration);
  if (d !== undefined && (d > 0 || !running)) return formatMillis(d);
  const s = tsMillis(startedAt);
  if (running && s) return formatMillis(now - s);
  return d === undefined ? "—" : formatMillis(d);
}

/** An ISO 8601 time (as JSON routes send them) in the viewer's locale; "—" when empty or unreadable. */
export function formatIso(iso: string | null | undefined): string {
  const ms = iso ? Date.parse(iso) : NaN;
  return Number.isFinite(ms) ? new Date(ms).toLocaleString(undefined, { hour12: false }) : "—";
}

/** `in 4m 05s`, `2h 03m ago`; "" for an unreadable time. */
export function relativeIso(iso: string | null | undefined, now: number): string {
  const ms = iso ? Date.parse(iso) : NaN;
  if (!Number.isFinite(ms)) return "";
  const d = ms - now;
  if (Math.abs(d) < 1000) return "now";
  return d > 0 ? `in ${formatMillis(d)}` : `${formatMillis(-d)} ago`;
}
