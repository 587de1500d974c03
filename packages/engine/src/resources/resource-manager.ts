import type { ResourcesConfig } from "./resources-config.js";

/** The engine's manager from `EngineOptions.resources` (undefined = no limits). */
export function resourceManager(r: ResourcesConfig | ResourceManager | undefined): ResourceManager | undefined {
  if (r === undefined || r instanceof ResourceManager) return r;
  return new ResourceManager({ config: r });
}

/** One task attempt asking to run. */
export interface ResourceRequest {
  /** Unique per attempt (`<execution>/<node unique id>/<attempt>`). */
  readonly key: string;
  readonly project: string;
  readonly domain: string;
  readonly pool?: { readonly name: string; readonly units: number };
  /** Called when the request is granted after having waited. */
  readonly wake: () => void;
  /** The attempt ran before a restart: it is counted at once, even over a limit. */
  readonly resumed?: boolean;
}

export type Admission =
  | { readonly status: "granted" }
  | { readonly status: "waiting"; readonly reason: string }
  | { readonly status: "impossible"; readonly message: string };

interface Entry {
  readonly req: ResourceRequest;
  readonly seq: number;
  readonly tenant: string;
}

type Limit = "projectSlots" | "projectPool" | "pool" | "globalSlots";

/**
 * Task slots and named pools, shared fairly between tenants (project/domain). Every request takes
 * one slot (global limit, optional project limit) plus units of its pool (global pool limit,
 * optional project cap). Whenever capacity frees up, the waiting tenant with the lowest
 * weighted usage (running ÷ project weight) gets it next, its oldest request that fits first:
 * a tenant that has many running waits while others run, and capacity nobody else asks for is
 * lent to whoever waits (work-conserving weighted fair sharing; no preemption).
 */
export class ResourceManager {
  readonly #config: ResourcesConfig;
  readonly #granted = new Map<string, Entry>();
  readonly #waiting = new Map<string, Entry>();
  readonly #count = new Map<string, number>();
  #seq = 0;

  constructor(options: { config: ResourcesConfig }) {
    this.#config = options.config;
  }

  /** How long a waiting attempt sleeps before re-checking without a wake-up. */
  get recheckMs(): number {
    return this.#config.recheckMs ?? 30_000;
  }

  /** Idempotent per key: granted once stays granted until `release`. */
  admit(req: ResourceRequest): Admission {
    const held = this.#granted.get(req.key);
    if (held) {
      // Reserved on resume without its pool: count the pool units now.
      if (req.pool && !held.req.pool) {
        this.#ungrant(held);
        this.#grant({ ...held, req });
      }
      return { status: "granted" };
    }
    const impossible = this.#impossible(req);
    if (impossible) return { status: "impossible", message: impossible };
    const entry = this.#waiting.get(req.key) ?? { req, seq: ++this.#seq, tenant: `${req.project}/${req.domain}` };
    if (req.resumed) {
      this.#waiting.delete(req.key);
      this.#grant(entry);
      return { status: "granted" };
    }
    this.#waiting.set(req.key, entry);
    this.#schedule(entry.req.key);
    if (this.#granted.has(req.key)) return { status: "granted" };
    return { status: "waiting", reason: this.#reason(entry) };
  }

  /** The attempt finished, was aborted or gave up waiting. Idempotent. */
  release(key: string): void {
    this.#waiting.delete(key);
    const entry = this.#granted.get(key);
    if (!entry) return;
    this.#ungrant(entry);
    this.#schedule(undefined);
  }

  /** Running and waiting attempts per tenant (metrics, tests). */
  snapshot(): { running: Record<string, number>; waiting: Record<string, number> } {
    const tally = (m: Map<string, Entry>) => {
      const out: Record<string, number> = {};
      for (const e of m.values()) out[e.tenant] = (out[e.tenant] ?? 0) + 1;
      return out;
    };
    return { running: tally(this.#granted), waiting: tally(this.#waiting) };
  }

  #impossible(req: ResourceRequest): string | undefined {
    const project = this.#config.projects?.[req.project];
    if (project?.slots === 0) return `project ${req.project} has a quota of 0 task slots`;
    const pool = req.pool;
    if (!pool) return undefined;
    const limit = this.#config.pools?.[pool.name];
    if (limit === undefined) {
      const known = Object.keys(this.#config.pools ?? {});
      return `task asks for resource pool "${pool.name}", which is not configured (configured pools: ${known.length > 0 ? known.join(", ") : "none"})`;
    }
    if (pool.units > limit) return `task asks for ${pool.units} units of pool "${pool.name}", which has only ${limit}`;
    const cap = project?.pools?.[pool.name];
    if (cap !== undefined && pool.units > cap) {
      return `task asks for ${pool.units} units of pool "${pool.name}", project ${req.project} may use at most ${cap}`;
    }
    return undefined;
  }

  /** Grants in fair order until nothing waiting fits; wakes the granted (except `caller`, who is answered directly). */
  #schedule(caller: string | undefined): void {
    for (;;) {
      const next = this.#pick();
      if (!next) return;
      this.#waiting.delete(next.req.key);
      this.#grant(next);
      if (next.req.key !== caller) next.req.wake();
    }
  }

  #pick(): Entry | undefined {
    const heads = new Map<string, Entry>();
    for (const e of this.#waiting.values()) {
      if (!heads.has(e.tenant) && this.#blockedBy(e) === undefined) heads.set(e.tenant, e);
    }
    let best: Entry | undefined;
    let bestShare = Infinity;
    for (const e of heads.values()) {
      const share = (this.#count.get(`t:${e.tenant}`) ?? 0) / (this.#config.projects?.[e.req.project]?.weight ?? 1);
      if (share < bestShare || (share === bestShare && best && e.seq < best.seq)) {
        best = e;
        bestShare = share;
      }
    }
    return best;
  }

  #grant(e: Entry): void {
    this.#granted.set(e.req.key, e);
    for (const c of this.#counters(e)) this.#count.set(c, (this.#count.get(c) ?? 0) + this.#unitsOf(e, c));
  }

  #ungrant(e: Entry): void {
    this.#granted.delete(e.req.key);
    for (const c of this.#counters(e)) this.#count.set(c, (this.#count.get(c) ?? 0) - this.#unitsOf(e, c));
  }

  #counters(e: Entry): string[] {
    const out = ["slots", `t:${e.tenant}`, `p:${e.req.project}`];
    if (e.req.pool) out.push(`pool:${e.req.pool.name}`, `pp:${e.req.project}:${e.req.pool.name}`);
    return out;
  }

  #unitsOf(e: Entry, counter: string): number {
    return counter.startsWith("pool:") || counter.startsWith("pp:") ? (e.req.pool?.units ?? 0) : 1;
  }

  /** The first limit the request does not fit under, or undefined when it fits. */
  #blockedBy(e: Entry): Limit | undefined {
    const project = this.#config.projects?.[e.req.project];
    const used = (c: string) => this.#count.get(c) ?? 0;
    if (project?.slots !== undefined && used(`p:${e.req.project}`) + 1 > project.slots) return "projectSlots";
    const pool = e.req.pool;
    if (pool) {
      const cap = project?.pools?.[pool.name];
      if (cap !== undefined && used(`pp:${e.req.project}:${pool.name}`) + pool.units > cap) return "projectPool";
      if (used(`pool:${pool.name}`) + pool.units > (this.#config.pools?.[pool.name] ?? 0)) return "pool";
    }
    const global = this.#config.global?.slots;
    if (global !== undefined && used("slots") + 1 > global) return "globalSlots";
    return undefined;
  }

  #reason(e: Entry): string {
    const limit = this.#blockedBy(e) ?? "globalSlots";
    const { project } = e.req;
    const ahead = (same: (o: Entry) => boolean) => {
      let n = 0;
      for (const o of this.#waiting.values()) if (o.seq < e.seq && same(o)) n++;
      return `${n} attempt${n === 1 ? "" : "s"} ahead in line`;
    };
    const used = (c: string) => this.#count.get(c) ?? 0;
    const pool = e.req.pool;
    switch (limit) {
      case "projectSlots":
        return `waiting for resources: project ${project} is using ${used(`p:${project}`)} of its ${this.#config.projects?.[project]?.slots ?? 0} task slots; ${ahead((o) => o.req.project === project)}`;
      case "projectPool":
        return `waiting for resources: project ${project} is using ${used(`pp:${project}:${pool?.name ?? ""}`)} of its ${this.#config.projects?.[project]?.pools?.[pool?.name ?? ""] ?? 0} units of pool "${pool?.name ?? ""}" (this task needs ${pool?.units ?? 0}); ${ahead((o) => o.req.project === project && o.req.pool?.name === pool?.name)}`;
      case "pool":
        return `waiting for resources: pool "${pool?.name ?? ""}" has ${used(`pool:${pool?.name ?? ""}`)} of ${this.#config.pools?.[pool?.name ?? ""] ?? 0} units in use (this task needs ${pool?.units ?? 0}); ${ahead((o) => o.req.pool?.name === pool?.name)}`;
      case "globalSlots": {
        let others = 0;
        for (const o of this.#waiting.values()) if (o.tenant !== e.tenant) others++;
        return `waiting for resources: all ${this.#config.global?.slots ?? 0} task slots are in use (${e.tenant} has ${used(`t:${e.tenant}`)} running); ${ahead((o) => o.tenant === e.tenant)} for ${e.tenant}, ${others} of other tenants waiting`;
      }
      default: {
        const never: never = limit;
        throw new Error(`unknown limit ${String(never)}`);
      }
    }
  }
}
