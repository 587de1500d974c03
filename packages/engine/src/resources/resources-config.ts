/** Limits of one project (all its domains together). Unset = only the global limits apply. */
export interface ProjectResourcesConfig {
  /** Task attempts of this project running at once. */
  slots?: number;
  /** Share weight in fair sharing (default 1): a tenant of weight 2 is entitled to twice the slots. */
  weight?: number;
  /** Per-pool caps for this project (at most the pool's global limit applies anyway). */
  pools?: Record<string, number>;
}

/**
 * `resources:` in the server config / `EngineOptions.resources`. Every task attempt takes one
 * slot; a task that names a pool (task template config `flyte-ts/resource-pool`, units
 * `flyte-ts/resource-pool-units`, default 1) also takes units of that pool.
 */
export interface ResourcesConfig {
  global?: { slots?: number };
  projects?: Record<string, ProjectResourcesConfig>;
  /** Named external resources (a database, a rate-limited API) and how many units exist. */
  pools?: Record<string, number>;
  /** How often a waiting attempt re-checks without a wake-up (lost wake-ups only). Default 30 s. */
  recheckMs?: number;
}

/** Task template config keys a task declares its pool with. */
export const POOL_CONFIG_KEY = "flyte-ts/resource-pool";
export const POOL_UNITS_CONFIG_KEY = "flyte-ts/resource-pool-units";

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** Checks an untrusted `resources` mapping; every problem names its path. */
export function checkResourcesConfig(raw: unknown, at = "resources"): { config?: ResourcesConfig; problems: string[] } {
  const problems: string[] = [];
  if (!isObject(raw)) return { problems: [`${at} must be a mapping, got ${JSON.stringify(raw)}`] };
  keys(problems, at, raw, ["global", "projects", "pools", "recheckMs"]);
  const config: ResourcesConfig = {};
  if (raw.global !== undefined) {
    if (!isObject(raw.global)) problems.push(`${at}.global must be a mapping`);
    else {
      keys(problems, `${at}.global`, raw.global, ["slots"]);
      config.global =
        raw.global.slots === undefined ? {} : { slots: count(problems, `${at}.global.slots`, raw.global.slots, 1) };
    }
  }
  if (raw.pools !== undefined) config.pools = limits(problems, `${at}.pools`, raw.pools, 1);
  if (raw.recheckMs !== undefined) config.recheckMs = count(problems, `${at}.recheckMs`, raw.recheckMs, 10);
  if (raw.projects !== undefined) {
    if (!isObject(raw.projects)) problems.push(`${at}.projects must map project ids to limits`);
    else {
      config.projects = {};
      for (const [id, p] of Object.entries(raw.projects)) {
        const where = `${at}.projects.${id}`;
        if (!isObject(p)) {
          problems.push(`${where} must be a mapping (slots, weight, pools)`);
          continue;
        }
        keys(problems, where, p, ["slots", "weight", "pools"]);
        const out: ProjectResourcesConfig = {};
        if (p.slots !== undefined) out.slots = count(problems, `${where}.slots`, p.slots, 0);
        if (p.weight !== undefined) out.weight = count(problems, `${where}.weight`, p.weight, 1);
        if (p.pools !== undefined) out.pools = limits(problems, `${where}.pools`, p.pools, 0);
        config.projects[id] = out;
      }
    }
  }
  return problems.length > 0 ? { problems } : { config, problems };
}

function limits(problems: string[], at: string, v: unknown, min: number): Record<string, number> {
  const out: Record<string, number> = {};
  if (!isObject(v)) problems.push(`${at} must map pool names to limits`);
  else for (const [k, n] of Object.entries(v)) out[k] = count(problems, `${at}.${k}`, n, min);
  return out;
}

function keys(problems: string[], at: string, o: Obj, known: readonly string[]): void {
  for (const k of Object.keys(o))
    if (!known.includes(k)) problems.push(`unknown key ${at}.${k} (known: ${known.join(", ")})`);
}

function count(problems: string[], at: string, v: unknown, min: number): number {
  if (typeof v === "number" && Number.isInteger(v) && v >= min && v <= 1_000_000) return v;
  problems.push(`${at} must be an integer from ${min} to 1000000, got ${JSON.stringify(v)}`);
  return min;
}
