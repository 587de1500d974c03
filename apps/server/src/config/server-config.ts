import {
  checkEgressConfig,
  checkExecutionSettingsConfig,
  type EgressConfig,
  type ExecutionSettingsConfig,
} from "@flyte-ts/admin";
import { InvalidArgumentError } from "@flyte-ts/core";
import { checkResourcesConfig, type ResourcesConfig } from "@flyte-ts/engine";

/** Everything `flyte start` can be configured with (YAML file, `FLYTE_*` env, flags). */
export interface ServerConfig {
  /** Interface to listen on. Default `127.0.0.1`. */
  host: string;
  /** Port; 0 picks a free one. Default 8088. */
  port: number;
  /** Holds `flyte.db` (control plane), `engine.db` (execution state), `blobs/` (file:// storage), logs. */
  dataDir: string;
  database: {
    /** A `postgres://` URL; empty = SQLite in the data directory. */
    url: string;
  };
  storage: {
    /** Blob store root (a `file:///` URI); empty = `file://<dataDir>/blobs`. */
    root: string;
  };
  engine: {
    /** Warm TypeScript task workers. Default 2. */
    workers: number;
    /** Module paths of TS tasks not fast-registered are relative to this directory. */
    codeRoot: string;
    /** Raw container tasks run as local processes when no podman/docker works. Default false. */
    allowLocalProcess: boolean;
    /** How long SIGTERM waits for running task attempts before stopping them. Default 2000 ms. */
    drainTimeoutMs: number;
  };
  /** Launch plan schedules (the native scheduler, brief §8.1). */
  scheduler: SchedulerConfig;
  /**
   * Notification channels (admin's `NotificationsConfig`: smtp, slack, pagerDuty, webhooks,
   * consoleBaseUrl, templates), checked when the server starts; absent = no notifications.
   */
  notifications?: Record<string, unknown>;
  /** Where accepted execution events are published as CloudEvents (webhook, file); absent = nowhere. */
  egress?: EgressConfig;
  /** Task slot / pool quotas and fair sharing for the engine; absent = unlimited. */
  resources?: ResourcesConfig;
  /** Global execution settings (task resource defaults/limits, max parallelism, ...): the last level under matchable attributes. */
  executions?: ExecutionSettingsConfig;
}

export interface SchedulerConfig {
  /** Launch scheduled executions from this process. Default true. */
  enabled: boolean;
  /** Fire times missed while no scheduler ran (e.g. the server was down): none | last | all. Default last. */
  catchUp: "none" | "last" | "all";
  /** With `all`, at most this many missed fire times per schedule. Default 100. */
  maxCatchUp: number;
  /** How often the launch plans are re-read for activations and deactivations. Default 10000 ms. */
  pollIntervalMs: number;
}

const CATCH_UP = ["none", "last", "all"] as const;

/** What a YAML file, the environment or flags may set: any subset. */
export interface ServerConfigInput {
  host?: string;
  port?: number;
  dataDir?: string;
  database?: { url?: string };
  storage?: { root?: string };
  engine?: { workers?: number; codeRoot?: string; allowLocalProcess?: boolean; drainTimeoutMs?: number };
  egress?: EgressConfig;
  resources?: ResourcesConfig;
  executions?: ExecutionSettingsConfig;
  notifications?: Record<string, unknown>;
  scheduler?: Partial<SchedulerConfig>;
}

export const DEFAULT_PORT = 8088;

export class InvalidServerConfigError extends InvalidArgumentError {
  constructor(problems: readonly string[], source: string) {
    super(
      problems.length === 1
        ? `invalid server configuration (${source}): ${problems[0] ?? ""}`
        : `invalid server configuration (${source}):\n${problems.map((p) => `  - ${p}`).join("\n")}`,
      { code: "InvalidServerConfig", details: { source } },
    );
    this.name = "InvalidServerConfigError";
  }
}

/**
 * Checks an untrusted config object (parsed YAML) field by field and returns it typed; throws
 * `InvalidServerConfigError` listing every problem with its path (`engine.workers must be ...`).
 */
export function checkConfigInput(raw: unknown, source: string): ServerConfigInput {
  const problems: string[] = [];
  if (raw === undefined || raw === null) return {};
  if (!isObject(raw))
    throw new InvalidServerConfigError(["the configuration must be a mapping of keys to values"], source);
  const out: ServerConfigInput = {};
  known(problems, "", raw, [
    "host",
    "port",
    "dataDir",
    "database",
    "storage",
    "engine",
    "notifications",
    "scheduler",
    "egress",
    "resources",
    "executions",
  ]);
  if (raw.notifications !== undefined && raw.notifications !== null) {
    if (isObject(raw.notifications)) out.notifications = raw.notifications;
    else problems.push(`notifications must be a mapping, got ${JSON.stringify(raw.notifications)}`);
  }
  if (raw.host !== undefined) out.host = text(problems, "host", raw.host);
  if (raw.port !== undefined) out.port = int(problems, "port", raw.port, 0, 65535);
  if (raw.dataDir !== undefined) out.dataDir = text(problems, "dataDir", raw.dataDir);
  const db = section(problems, "database", raw.database, ["url"]);
  if (db?.url !== undefined) {
    const url = text(problems, "database.url", db.url);
    if (url !== "" && !/^postgres(ql)?:\/\//.test(url)) {
      problems.push(`database.url must be a postgres:// URL (or empty for SQLite), got ${JSON.stringify(url)}`);
    }
    out.database = { url };
  }
  const storage = section(problems, "storage", raw.storage, ["root"]);
  if (storage?.root !== undefined) {
    const root = text(problems, "storage.root", storage.root);
    if (root !== "" && !root.startsWith("file:///")) {
      problems.push(
        `storage.root must be a file:/// URI (S3 is not wired into flyte start yet), got ${JSON.stringify(root)}`,
      );
    }
    out.storage = { root };
  }
  const engine = section(problems, "engine", raw.engine, [
    "workers",
    "codeRoot",
    "allowLocalProcess",
    "drainTimeoutMs",
  ]);
  if (engine) {
    const e: NonNullable<ServerConfigInput["engine"]> = {};
    if (engine.workers !== undefined) e.workers = int(problems, "engine.workers", engine.workers, 1, 256);
    if (engine.codeRoot !== undefined) e.codeRoot = text(problems, "engine.codeRoot", engine.codeRoot);
    if (engine.allowLocalProcess !== undefined) {
      if (typeof engine.allowLocalProcess === "boolean") e.allowLocalProcess = engine.allowLocalProcess;
      else
        problems.push(
          `engine.allowLocalProcess must be true or false, got ${JSON.stringify(engine.allowLocalProcess)}`,
        );
    }
    if (engine.drainTimeoutMs !== undefined) {
      e.drainTimeoutMs = int(problems, "engine.drainTimeoutMs", engine.drainTimeoutMs, 0, 600_000);
    }
    out.engine = e;
  }
  const scheduler = checkScheduler(problems, raw.scheduler);
  if (scheduler) out.scheduler = scheduler;
  if (raw.egress !== undefined && raw.egress !== null) {
    const egress = checkEgressConfig(raw.egress);
    problems.push(...egress.problems);
    if (egress.config) out.egress = egress.config;
  }
  if (raw.resources !== undefined && raw.resources !== null) {
    const resources = checkResourcesConfig(raw.resources);
    problems.push(...resources.problems);
    if (resources.config) out.resources = resources.config;
  }
  if (raw.executions !== undefined && raw.executions !== null) {
    const executions = checkExecutionSettingsConfig(raw.executions);
    problems.push(...executions.problems);
    if (executions.config) out.executions = executions.config;
  }
  if (problems.length > 0) throw new InvalidServerConfigError(problems, source);
  return out;
}

function checkScheduler(problems: string[], raw: unknown): Partial<SchedulerConfig> | undefined {
  const s = section(problems, "scheduler", raw, ["enabled", "catchUp", "maxCatchUp", "pollIntervalMs"]);
  if (!s) return undefined;
  const out: Partial<SchedulerConfig> = {};
  if (s.enabled !== undefined) {
    if (typeof s.enabled === "boolean") out.enabled = s.enabled;
    else problems.push(`scheduler.enabled must be true or false, got ${JSON.stringify(s.enabled)}`);
  }
  if (s.catchUp !== undefined) {
    const policy = CATCH_UP.find((p) => p === s.catchUp);
    if (policy) out.catchUp = policy;
    else problems.push(`scheduler.catchUp must be one of ${CATCH_UP.join(", ")}, got ${JSON.stringify(s.catchUp)}`);
  }
  if (s.maxCatchUp !== undefined) out.maxCatchUp = int(problems, "scheduler.maxCatchUp", s.maxCatchUp, 0, 10_000);
  if (s.pollIntervalMs !== undefined) {
    out.pollIntervalMs = int(problems, "scheduler.pollIntervalMs", s.pollIntervalMs, 100, 3_600_000);
  }
  return out;
}

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

function known(problems: string[], prefix: string, o: Obj, keys: readonly string[]): void {
  for (const k of Object.keys(o)) {
    if (!keys.includes(k))
      problems.push(`unknown key ${prefix}${k} (known: ${keys.map((x) => prefix + x).join(", ")})`);
  }
}

function section(problems: string[], name: string, v: unknown, keys: readonly string[]): Obj | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) {
    problems.push(`${name} must be a mapping, got ${JSON.stringify(v)}`);
    return undefined;
  }
  known(problems, `${name}.`, v, keys);
  return v;
}

function text(problems: string[], field: string, v: unknown): string {
  if (typeof v === "string") return v;
  problems.push(`${field} must be a string, got ${JSON.stringify(v)}`);
  return "";
}

function int(problems: string[], field: string, v: unknown, min: number, max: number): number {
  const n = typeof v === "string" && /^\d+$/.test(v.trim()) ? Number(v) : v;
  if (typeof n === "number" && Number.isInteger(n) && n >= min && n <= max) return n;
  problems.push(`${field} must be an integer from ${min} to ${max}, got ${JSON.stringify(v)}`);
  return min;
}
