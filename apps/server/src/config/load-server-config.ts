import { readFileSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { parse } from "yaml";
import {
  checkConfigInput,
  DEFAULT_PORT,
  InvalidServerConfigError,
  type ServerConfig,
  type ServerConfigInput,
} from "./server-config.js";

export interface LoadServerConfigOptions {
  /** A YAML file (`--config`). */
  file?: string;
  /** The environment to read `FLYTE_*` from (the composition root passes `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Flags: win over the environment, which wins over the file. */
  overrides?: ServerConfigInput;
  /** For defaults: the user's home (data dir `~/.flyte-ts`) and the working directory (code root). */
  home: string;
  cwd: string;
}

/** Environment variables and the config key each sets. */
export const ENV_KEYS = {
  FLYTE_HOST: "host",
  FLYTE_PORT: "port",
  FLYTE_DATA_DIR: "dataDir",
  FLYTE_DATABASE_URL: "database.url",
  FLYTE_STORAGE_ROOT: "storage.root",
  FLYTE_WORKERS: "engine.workers",
} as const;

/** Defaults ← YAML file ← `FLYTE_*` env ← flags, each layer validated with messages naming the key. */
export function loadServerConfig(o: LoadServerConfigOptions): ServerConfig {
  const layers: ServerConfigInput[] = [];
  if (o.file !== undefined) layers.push(readFileLayer(o.file));
  if (o.env) layers.push(envLayer(o.env));
  if (o.overrides) layers.push(checkConfigInput(o.overrides, "command-line flags"));
  const merged = layers.reduce<ServerConfigInput>(
    (acc, l) => ({
      ...acc,
      ...pick(l, ["host", "port", "dataDir"]),
      database: { ...acc.database, ...l.database },
      storage: { ...acc.storage, ...l.storage },
      engine: { ...acc.engine, ...l.engine },
      ...(l.egress ? { egress: l.egress } : {}),
      ...(l.resources ? { resources: l.resources } : {}),
      ...(l.executions ? { executions: l.executions } : {}),
      scheduler: { ...acc.scheduler, ...l.scheduler },
      ...(l.notifications ? { notifications: l.notifications } : {}),
    }),
    {},
  );
  const dataDir = absolute(merged.dataDir ?? join(o.home, ".flyte-ts"), o.cwd);
  return {
    host: merged.host ?? "127.0.0.1",
    port: merged.port ?? DEFAULT_PORT,
    dataDir,
    database: { url: merged.database?.url ?? "" },
    storage: { root: merged.storage?.root ?? "" },
    engine: {
      workers: merged.engine?.workers ?? 2,
      codeRoot: absolute(merged.engine?.codeRoot ?? o.cwd, o.cwd),
      allowLocalProcess: merged.engine?.allowLocalProcess ?? false,
      drainTimeoutMs: merged.engine?.drainTimeoutMs ?? 2000,
    },
    scheduler: {
      enabled: merged.scheduler?.enabled ?? true,
      catchUp: merged.scheduler?.catchUp ?? "last",
      maxCatchUp: merged.scheduler?.maxCatchUp ?? 100,
      pollIntervalMs: merged.scheduler?.pollIntervalMs ?? 10_000,
    },
    ...(merged.notifications ? { notifications: merged.notifications } : {}),
    // A relative file sink path is relative to the working directory, like the code root.
    ...(merged.egress
      ? {
          egress: {
            ...merged.egress,
            sinks: merged.egress.sinks.map((s) => (s.type === "file" ? { ...s, path: absolute(s.path, o.cwd) } : s)),
          },
        }
      : {}),
    ...(merged.resources ? { resources: merged.resources } : {}),
    ...(merged.executions ? { executions: merged.executions } : {}),
  };
}

function readFileLayer(file: string): ServerConfigInput {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new InvalidServerConfigError([`cannot read ${file}: ${(e as Error).message}`], file);
  }
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (e) {
    throw new InvalidServerConfigError([`not valid YAML: ${(e as Error).message}`], file);
  }
  return checkConfigInput(raw, file);
}

function envLayer(env: Readonly<Record<string, string | undefined>>): ServerConfigInput {
  const raw: Record<string, unknown> = {};
  for (const [name, key] of Object.entries(ENV_KEYS)) {
    const value = env[name];
    if (value === undefined || value === "") continue;
    const [a, b] = key.split(".") as [string, string | undefined];
    if (b === undefined) raw[a] = value;
    else raw[a] = { ...(raw[a] as Record<string, unknown> | undefined), [b]: value };
  }
  try {
    return checkConfigInput(raw, "environment");
  } catch (e) {
    if (e instanceof InvalidServerConfigError) {
      // Name the variables, not the keys.
      let message = e.message;
      for (const [name, key] of Object.entries(ENV_KEYS)) message = message.replaceAll(`${key} `, `${name} (${key}) `);
      throw new InvalidServerConfigError(
        [message.replace(/^invalid server configuration \(environment\):\s*/, "")],
        "environment",
      );
    }
    throw e;
  }
}

function pick(o: ServerConfigInput, keys: readonly ("host" | "port" | "dataDir")[]): ServerConfigInput {
  const out: ServerConfigInput = {};
  for (const k of keys) if (o[k] !== undefined) Object.assign(out, { [k]: o[k] });
  return out;
}

const absolute = (p: string, cwd: string): string => (isAbsolute(p) ? p : resolve(cwd, p));
