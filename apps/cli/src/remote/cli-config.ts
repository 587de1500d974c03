import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { CliError, ExitCode } from "../exit-codes.js";

/** Where the CLI talks to and on whose behalf: the resolved config of one command. */
export interface RemoteConfig {
  /** `http://host:port` (or https). */
  endpoint: string;
  project: string;
  domain: string;
  /** Bearer token sent as `authorization`; empty = none. */
  token: string;
  /** The config file that was read, if any. */
  file?: string;
}

/** Flags every remote command accepts (flags win over the environment, which wins over the file). */
export interface RemoteFlags {
  endpoint?: string;
  project?: string;
  domain?: string;
  config?: string;
}

export const DEFAULT_ENDPOINT = "localhost:8088";
export const DEFAULT_PROJECT = "flytesnacks";
export const DEFAULT_DOMAIN = "development";

/** `~/.flyte/config.yaml`, or `$FLYTE_CONFIG`. */
export function defaultConfigPath(env: Readonly<Record<string, string | undefined>>): string {
  return env.FLYTE_CONFIG || join(env.HOME || homedir(), ".flyte", "config.yaml");
}

interface FileConfig {
  endpoint?: string;
  insecure?: boolean;
  token?: string;
  project?: string;
  domain?: string;
}

/**
 * Resolves endpoint, project, domain and token from flags, then `FLYTE_ENDPOINT` / `FLYTE_PROJECT`
 * / `FLYTE_DOMAIN` / `FLYTE_TOKEN`, then the config file (`--config`, `$FLYTE_CONFIG` or
 * `~/.flyte/config.yaml`; a missing default file is fine, a missing named one is an error).
 */
export function resolveRemoteConfig(
  flags: RemoteFlags,
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): RemoteConfig {
  const named = flags.config ?? env.FLYTE_CONFIG;
  const path = named ? (isAbsolute(named) ? named : resolve(cwd, named)) : defaultConfigPath(env);
  const file = readConfigFile(path, named !== undefined);
  const insecure = file?.insecure ?? true;
  const endpoint = normaliseEndpoint(
    flags.endpoint ?? env.FLYTE_ENDPOINT ?? file?.endpoint ?? DEFAULT_ENDPOINT,
    insecure,
  );
  const project = flags.project ?? env.FLYTE_PROJECT ?? file?.project ?? DEFAULT_PROJECT;
  const domain = flags.domain ?? env.FLYTE_DOMAIN ?? file?.domain ?? DEFAULT_DOMAIN;
  for (const [name, v] of [
    ["project", project],
    ["domain", domain],
  ] as const) {
    if (!/^[a-z0-9]([-a-z0-9_]*[a-z0-9])?$/i.test(v)) {
      throw new CliError(`--${name} must be a Flyte identifier (letters, digits, - and _), got ${JSON.stringify(v)}`);
    }
  }
  return {
    endpoint,
    project,
    domain,
    token: env.FLYTE_TOKEN ?? file?.token ?? "",
    ...(file ? { file: path } : {}),
  };
}

/** `host:port`, `dns:///host:port`, `http(s)://host:port[/]` → `http(s)://host:port`. */
export function normaliseEndpoint(raw: string, insecure = true): string {
  const text = raw.trim().replace(/^dns:\/\/\//, "");
  if (text === "") throw new CliError("the endpoint is empty: pass --endpoint host:port or set FLYTE_ENDPOINT");
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `${insecure ? "http" : "https"}://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new CliError(`invalid endpoint ${JSON.stringify(raw)}: expected host:port or http(s)://host:port`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new CliError(`invalid endpoint ${JSON.stringify(raw)}: only http and https are supported`);
  }
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, "")}`;
}

function readConfigFile(path: string, mustExist: boolean): FileConfig | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    if (!mustExist && (e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new CliError(`cannot read config file ${path}: ${(e as Error).message}`);
  }
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    throw new CliError(`config file ${path} is not valid YAML: ${(e as Error).message}`);
  }
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== "object" || Array.isArray(doc)) throw new CliError(`config file ${path} must be a YAML mapping`);
  return checkFileConfig(doc as Record<string, unknown>, path);
}

const TOP_KEYS = ["admin", "project", "domain", "output"];
const ADMIN_KEYS = ["endpoint", "insecure", "token", "authType"];

function checkFileConfig(doc: Record<string, unknown>, path: string): FileConfig {
  const problems: string[] = [];
  for (const k of Object.keys(doc))
    if (!TOP_KEYS.includes(k)) problems.push(`unknown key ${k} (known: ${TOP_KEYS.join(", ")})`);
  const out: FileConfig = {};
  const admin = doc.admin;
  if (admin !== undefined) {
    if (typeof admin !== "object" || admin === null || Array.isArray(admin)) problems.push("admin must be a mapping");
    else {
      const a = admin as Record<string, unknown>;
      for (const k of Object.keys(a)) {
        if (!ADMIN_KEYS.includes(k))
          problems.push(`unknown key admin.${k} (known: ${ADMIN_KEYS.map((x) => `admin.${x}`).join(", ")})`);
      }
      if (a.endpoint !== undefined) {
        if (typeof a.endpoint === "string") out.endpoint = a.endpoint;
        else problems.push("admin.endpoint must be a string like localhost:8088");
      }
      if (a.insecure !== undefined) {
        if (typeof a.insecure === "boolean") out.insecure = a.insecure;
        else problems.push("admin.insecure must be true or false");
      }
      if (a.token !== undefined) {
        if (typeof a.token === "string") out.token = a.token;
        else problems.push("admin.token must be a string");
      }
    }
  }
  for (const k of ["project", "domain"] as const) {
    const v = doc[k];
    if (v === undefined) continue;
    if (typeof v === "string") out[k] = v;
    else problems.push(`${k} must be a string`);
  }
  if (problems.length > 0) {
    throw new CliError(`invalid config file ${path}:\n${problems.map((p) => `  - ${p}`).join("\n")}`, ExitCode.Usage);
  }
  return out;
}
