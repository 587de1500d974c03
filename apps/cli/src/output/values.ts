import { timestampDate, type Duration, type Timestamp } from "@bufbuild/protobuf/wkt";

/** `2024-05-01T10:00:00Z` (no milliseconds), or `-` when unset. */
export function formatTime(ts: Timestamp | undefined): string {
  if (!ts || (ts.seconds === 0n && ts.nanos === 0)) return "-";
  return timestampDate(ts)
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z");
}

/** `850ms`, `12.4s`, `3m05s`, `2h01m`; `-` when unset. */
export function formatDuration(d: Duration | undefined): string {
  if (!d) return "-";
  const ms = Number(d.seconds) * 1000 + Math.round(d.nanos / 1e6);
  return formatMillis(ms);
}

export function formatMillis(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)}s`;
  const whole = Math.floor(s);
  if (whole < 3600) return `${Math.floor(whole / 60)}m${String(whole % 60).padStart(2, "0")}s`;
  return `${Math.floor(whole / 3600)}h${String(Math.floor((whole % 3600) / 60)).padStart(2, "0")}m`;
}

/** `k=v,k2=v2` of a string map, sorted; `-` when empty. */
export function formatMap(values: Readonly<Record<string, string>> | undefined): string {
  const entries = Object.entries(values ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return entries.length === 0 ? "-" : entries.map(([k, v]) => `${k}=${v}`).join(",");
}

/** The colour a phase name is shown in (tables on a TTY). */
export function phaseColor(phase: string): "green" | "red" | "yellow" | "dim" | undefined {
  if (phase === "SUCCEEDED" || phase === "RECOVERED") return "green";
  if (phase === "FAILED" || phase === "TIMED_OUT" || phase === "ABORTED" || phase === "FAILING") return "red";
  if (phase === "RUNNING" || phase === "QUEUED" || phase === "SUCCEEDING" || phase === "DYNAMIC_RUNNING")
    return "yellow";
  if (phase === "SKIPPED" || phase === "UNDEFINED") return "dim";
  return undefined;
}
