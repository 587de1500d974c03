/** One active schedule as the server's `GET /api/v1/schedules/{project}/{domain}` shows it. */
export interface ScheduleView {
  readonly launchPlan: { project: string; domain: string; name: string; version: string };
  readonly type: "cron" | "rate" | "";
  readonly expression: string;
  readonly kickoffTimeInputArg: string;
  readonly activatedAt: string;
  /** ISO 8601 (UTC), soonest first. */
  readonly nextRuns: readonly string[];
  readonly lastSlot: string | null;
  readonly lastExecution: string | null;
  readonly lastError: string | null;
  readonly catchUp: string;
}

/** What the console knows of a project/domain's schedules. */
export type SchedulesState =
  | {
      readonly status: "running";
      readonly catchUp: string;
      readonly maxCatchUp: number;
      readonly schedules: readonly ScheduleView[];
    }
  /** The server has no schedules route (404) or its scheduler is not started. */
  | { readonly status: "not-running" };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;
const str = (v: unknown): string => (typeof v === "string" ? v : "");
const strOrNull = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);

function readView(v: unknown): ScheduleView | undefined {
  if (!isObject(v) || !isObject(v.launchPlan)) return undefined;
  const lp = v.launchPlan;
  const type = v.type === "cron" || v.type === "rate" ? v.type : "";
  return {
    launchPlan: { project: str(lp.project), domain: str(lp.domain), name: str(lp.name), version: str(lp.version) },
    type,
    expression: str(v.expression),
    kickoffTimeInputArg: str(v.kickoffTimeInputArg),
    activatedAt: str(v.activatedAt),
    nextRuns: Array.isArray(v.nextRuns) ? v.nextRuns.filter((r): r is string => typeof r === "string") : [],
    lastSlot: strOrNull(v.lastSlot),
    lastExecution: strOrNull(v.lastExecution),
    lastError: strOrNull(v.lastError),
    catchUp: str(v.catchUp),
  };
}

/** The route's JSON body, checked field by field (unknown fields ignored, missing ones empty). */
export function readSchedulesBody(body: unknown): SchedulesState {
  if (!isObject(body) || body.schedulerRunning !== true) return { status: "not-running" };
  const list = Array.isArray(body.schedules) ? body.schedules : [];
  return {
    status: "running",
    catchUp: str(body.catchUp),
    maxCatchUp: typeof body.maxCatchUp === "number" ? body.maxCatchUp : 0,
    schedules: list.map(readView).filter((s): s is ScheduleView => s !== undefined),
  };
}

/**
 * The active schedules of a project/domain with their next `count` run times, from `baseUrl`
 * (the server that served the page). A 404 (a server without the route) is `not-running`;
 * other failures throw with the server's message.
 */
export async function fetchSchedules(o: {
  baseUrl: string;
  project: string;
  domain: string;
  count?: number;
  signal?: AbortSignal;
  fetch?: typeof fetch;
}): Promise<SchedulesState> {
  const url = `${o.baseUrl}/api/v1/schedules/${encodeURIComponent(o.project)}/${encodeURIComponent(o.domain)}?count=${o.count ?? 5}`;
  const res = await (o.fetch ?? fetch)(url, { headers: { accept: "application/json" }, signal: o.signal ?? null });
  if (res.status === 404) return { status: "not-running" };
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`schedules: HTTP ${res.status}, not JSON: ${text.slice(0, 200)}`);
  }
  if (!res.ok) {
    const msg = isObject(body) && typeof body.error === "string" ? body.error : text.slice(0, 200);
    throw new Error(`schedules: HTTP ${res.status}: ${msg}`);
  }
  return readSchedulesBody(body);
}

/** The schedule of a launch plan (the server lists only each one's active version), and of that version when given. */
export function scheduleOf(state: SchedulesState, name: string, version?: string): ScheduleView | undefined {
  if (state.status !== "running") return undefined;
  return state.schedules.find(
    (s) => s.launchPlan.name === name && (version === undefined || s.launchPlan.version === version),
  );
}
