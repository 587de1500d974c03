/** One destination of CloudEvents. `name` identifies its cursor (default `<type>:<url|path>`). */
export type EgressSinkConfig =
  | { type: "webhook"; url: string; name?: string; timeoutMs?: number; headers?: Record<string, string> }
  | { type: "file"; path: string; name?: string };

export const EGRESS_SINK_TYPES = ["webhook", "file"] as const;
export type EgressSinkType = (typeof EGRESS_SINK_TYPES)[number];

/** Retry policy of a sink that fails: exponential backoff from `initialMs` up to `maxMs`. */
export interface EgressRetryConfig {
  initialMs: number;
  maxMs: number;
}

/** `egress:` in the server config: where accepted execution events are published as CloudEvents. */
export interface EgressConfig {
  sinks: EgressSinkConfig[];
  /** CloudEvents `source` attribute. Default `flyte-ts/admin`. */
  source?: string;
  /** Default 200 ms doubling up to 30 s. */
  retry?: Partial<EgressRetryConfig>;
  /** How often each publisher looks for rows without a wake-up (other processes, lost wake-ups). Default 1000 ms. */
  pollMs?: number;
}

export const DEFAULT_EGRESS_SOURCE = "flyte-ts/admin";
export const DEFAULT_EGRESS_RETRY: EgressRetryConfig = { initialMs: 200, maxMs: 30_000 };

export const sinkName = (s: EgressSinkConfig): string => {
  if (s.name) return s.name;
  switch (s.type) {
    case "webhook":
      return `webhook:${s.url}`;
    case "file":
      return `file:${s.path}`;
    default: {
      const never: never = s;
      throw new Error(`unknown sink ${JSON.stringify(never)}`);
    }
  }
};

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Checks an untrusted `egress` mapping (parsed YAML); returns every problem, each naming its
 * path (`egress.sinks[0].url must be an http(s) URL`), and the typed config when there are none.
 */
export function checkEgressConfig(raw: unknown, prefix = "egress"): { config?: EgressConfig; problems: string[] } {
  const problems: string[] = [];
  if (!isObject(raw)) return { problems: [`${prefix} must be a mapping, got ${JSON.stringify(raw)}`] };
  unknownKeys(problems, prefix, raw, ["sinks", "source", "retry", "pollMs"]);
  const sinks: EgressSinkConfig[] = [];
  if (!Array.isArray(raw.sinks)) problems.push(`${prefix}.sinks must be a list of sinks`);
  else raw.sinks.forEach((s: unknown, i) => checkSink(problems, `${prefix}.sinks[${i}]`, s, sinks));
  const names = sinks.map(sinkName);
  for (const n of new Set(names)) {
    if (names.filter((x) => x === n).length > 1) problems.push(`${prefix}.sinks has two sinks named ${n}`);
  }
  const config: EgressConfig = { sinks };
  if (raw.source !== undefined) {
    if (typeof raw.source === "string" && raw.source !== "") config.source = raw.source;
    else problems.push(`${prefix}.source must be a non-empty string`);
  }
  if (raw.pollMs !== undefined) config.pollMs = ms(problems, `${prefix}.pollMs`, raw.pollMs, 10);
  if (raw.retry !== undefined) {
    if (!isObject(raw.retry)) problems.push(`${prefix}.retry must be a mapping`);
    else {
      unknownKeys(problems, `${prefix}.retry`, raw.retry, ["initialMs", "maxMs"]);
      const retry: Partial<EgressRetryConfig> = {};
      if (raw.retry.initialMs !== undefined)
        retry.initialMs = ms(problems, `${prefix}.retry.initialMs`, raw.retry.initialMs, 1);
      if (raw.retry.maxMs !== undefined) retry.maxMs = ms(problems, `${prefix}.retry.maxMs`, raw.retry.maxMs, 1);
      config.retry = retry;
    }
  }
  return problems.length > 0 ? { problems } : { config, problems };
}

function checkSink(problems: string[], at: string, s: unknown, out: EgressSinkConfig[]): void {
  if (!isObject(s)) {
    problems.push(`${at} must be a mapping with a type (${EGRESS_SINK_TYPES.join(" or ")})`);
    return;
  }
  const name = s.name === undefined ? {} : typeof s.name === "string" && s.name !== "" ? { name: s.name } : undefined;
  if (!name) problems.push(`${at}.name must be a non-empty string`);
  switch (s.type) {
    case "webhook": {
      unknownKeys(problems, at, s, ["type", "url", "name", "timeoutMs", "headers"]);
      const url = typeof s.url === "string" ? s.url : "";
      if (!/^https?:\/\/[^/]/.test(url))
        problems.push(`${at}.url must be an http(s) URL, got ${JSON.stringify(s.url)}`);
      const headers: Record<string, string> = {};
      if (s.headers !== undefined) {
        if (!isObject(s.headers) || Object.values(s.headers).some((v) => typeof v !== "string")) {
          problems.push(`${at}.headers must map header names to strings`);
        } else Object.assign(headers, s.headers);
      }
      const timeout = s.timeoutMs === undefined ? {} : { timeoutMs: ms(problems, `${at}.timeoutMs`, s.timeoutMs, 1) };
      out.push({ type: "webhook", url, ...name, ...timeout, ...(s.headers ? { headers } : {}) });
      return;
    }
    case "file": {
      unknownKeys(problems, at, s, ["type", "path", "name"]);
      if (typeof s.path !== "string" || s.path === "") problems.push(`${at}.path must be a file path`);
      out.push({ type: "file", path: typeof s.path === "string" ? s.path : "", ...name });
      return;
    }
    default:
      problems.push(`${at}.type must be one of ${EGRESS_SINK_TYPES.join(", ")}, got ${JSON.stringify(s.type)}`);
  }
}

function unknownKeys(problems: string[], at: string, o: Obj, keys: readonly string[]): void {
  for (const k of Object.keys(o)) {
    if (!keys.includes(k)) problems.push(`unknown key ${at}.${k} (known: ${keys.join(", ")})`);
  }
}

function ms(problems: string[], at: string, v: unknown, min: number): number {
  if (typeof v === "number" && Number.isInteger(v) && v >= min && v <= 3_600_000) return v;
  problems.push(`${at} must be an integer number of milliseconds from ${min} to 3600000, got ${JSON.stringify(v)}`);
  return min;
}
