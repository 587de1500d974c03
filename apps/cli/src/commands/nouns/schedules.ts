import type { Remote } from "../../remote/remote-client.js";

/** The next runs the scheduler plans for a launch plan version (`name@version` → ISO times). */
export type NextRuns = ReadonlyMap<string, readonly string[]>;

const key = (name: string, version: string) => `${name}@${version}`;

/**
 * Next runs of the scheduled launch plans of the project/domain, from the server's
 * `GET /api/v1/schedules/{project}/{domain}` route. A server without the route (or with an
 * answer we cannot read) gives an empty map: schedules then show without next runs.
 */
export async function fetchNextRuns(remote: Remote): Promise<NextRuns> {
  const { project, domain } = remote.config;
  let doc: unknown;
  try {
    doc = await remote.getJson(`/api/v1/schedules/${encodeURIComponent(project)}/${encodeURIComponent(domain)}`);
  } catch {
    return new Map();
  }
  const out = new Map<string, string[]>();
  for (const item of itemsOf(doc)) {
    const lp = pick(item, ["launchPlan", "launch_plan", "launchPlanId", "launch_plan_id", "id"]);
    const ref = isRecord(lp) ? lp : item;
    const name = str(pick(ref, ["name"]));
    const version = str(pick(ref, ["version"]));
    const runs = pick(item, ["nextRuns", "next_runs", "nextRun", "next_run", "next"]);
    const times = (Array.isArray(runs) ? runs : [runs]).map(str).filter((t) => t !== "");
    if (name !== "" && times.length > 0) out.set(key(name, version), times);
  }
  return out;
}

/** The next runs of one launch plan version (or of its name, when the route does not give versions). */
export function nextRunsOf(runs: NextRuns, name: string, version: string): readonly string[] {
  return runs.get(key(name, version)) ?? runs.get(key(name, "")) ?? [];
}

function itemsOf(doc: unknown): Record<string, unknown>[] {
  if (Array.isArray(doc)) return doc.filter(isRecord);
  if (!isRecord(doc)) return [];
  for (const v of Object.values(doc)) if (Array.isArray(v)) return v.filter(isRecord);
  return [];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");
function pick(o: Record<string, unknown>, names: readonly string[]): unknown {
  for (const n of names) if (o[n] !== undefined) return o[n];
  return undefined;
}
