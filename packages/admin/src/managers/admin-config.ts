import { InvalidArgumentError } from "@flyte-ts/core";
import type { Repositories } from "../persistence/repositories.js";
import { Violations } from "../validation/request-errors.js";
import { validateDnsLabel } from "../validation/project-validation.js";

export interface DomainConfig {
  id: string;
  /** Display name; defaults to the id. */
  name?: string;
}

export interface DefaultProjectConfig {
  id: string;
  name?: string;
  description?: string;
}

/** Control-plane settings registration depends on (read by the composition root, passed in). */
export interface AdminConfig {
  /** Domains every project has. Default development, staging, production. */
  domains?: readonly DomainConfig[];
  /** Projects created on first start when missing. Default `flytesnacks`; `[]` for none. */
  defaultProjects?: readonly DefaultProjectConfig[];
}

export interface ResolvedAdminConfig {
  domains: readonly { id: string; name: string }[];
  defaultProjects: readonly { id: string; name: string; description: string }[];
}

export const DEFAULT_DOMAINS: readonly DomainConfig[] = [
  { id: "development" },
  { id: "staging" },
  { id: "production" },
];

export const DEFAULT_PROJECTS: readonly DefaultProjectConfig[] = [
  { id: "flytesnacks", name: "flytesnacks", description: "Default project" },
];

/** Fills defaults and checks the configured domains and projects (throws naming the bad entry). */
export function resolveAdminConfig(config: AdminConfig = {}): ResolvedAdminConfig {
  const v = new Violations();
  const domains = (config.domains ?? DEFAULT_DOMAINS).map((d, i) => {
    validateDnsLabel(v, `domains[${i}].id`, d.id);
    return { id: d.id, name: d.name ?? d.id };
  });
  if (domains.length === 0) v.missing("domains", "domains must list at least one domain");
  if (new Set(domains.map((d) => d.id)).size !== domains.length) v.invalid("domains", "domains has duplicate ids");
  const defaultProjects = (config.defaultProjects ?? DEFAULT_PROJECTS).map((p, i) => {
    validateDnsLabel(v, `defaultProjects[${i}].id`, p.id);
    return { id: p.id, name: p.name ?? p.id, description: p.description ?? "" };
  });
  try {
    v.throwIfAny("admin configuration");
  } catch (e) {
    throw new InvalidArgumentError((e as Error).message, { code: "InvalidAdminConfig" });
  }
  return { domains, defaultProjects };
}

/** What every manager is built from. */
export interface ManagerContext {
  repositories: Repositories;
  /** Runs `fn` with repositories bound to one transaction (default: no transaction). */
  transaction: <T>(fn: (repos: Repositories) => Promise<T>) => Promise<T>;
  config: ResolvedAdminConfig;
  /** Epoch milliseconds. */
  now: () => number;
}
