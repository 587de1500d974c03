import { ResourceType, type Identifier } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import type { PackageEntry } from "../../package/read-package.js";

/** Where a package is registered: every entity of it gets this project, domain and version. */
export interface RegistrationScope {
  readonly project: string;
  readonly domain: string;
  readonly version: string;
}

/** The placeholders pyflyte writes for values the registering client fills in. */
const PLACEHOLDERS: Record<"project" | "domain" | "version", RegExp> = {
  project: /^\{\{\s*registration\.project\s*\}\}$/,
  domain: /^\{\{\s*registration\.domain\s*\}\}$/,
  version: /^\{\{\s*registration\.version\s*\}\}$/,
};

const ENTITY_TYPES = new Set<ResourceType>([ResourceType.TASK, ResourceType.WORKFLOW, ResourceType.LAUNCH_PLAN]);

const keyOf = (type: ResourceType, name: string) => `${type}:${name}`;

/** The id an entry registers under. */
export function entryId(e: PackageEntry): Identifier | undefined {
  switch (e.kind) {
    case "task":
      return e.spec.template?.id;
    case "workflow":
      return e.spec.template?.id;
    case "launchPlan":
      return e.spec.id;
    default: {
      const unknown: never = e;
      return unknown;
    }
  }
}

/** Every entity a package defines (its entries and the sub-workflows inlined in workflow specs). */
function definedKeys(entries: readonly PackageEntry[]): Set<string> {
  const keys = new Set<string>();
  for (const e of entries) {
    const id = entryId(e);
    if (id) keys.add(keyOf(id.resourceType, id.name));
    if (e.kind === "workflow")
      for (const s of e.spec.subWorkflows) if (s.id) keys.add(keyOf(s.id.resourceType, s.id.name));
  }
  return keys;
}

/**
 * Sets project, domain and version on every task, workflow and launch-plan identifier of the
 * package's messages, as `flytectl register files` does: identifiers of entities the package
 * defines (own ids, node references, sub-workflows, a launch plan's workflow) always get the
 * scope, so the package is registered consistently at one version; identifiers of entities
 * registered elsewhere are only filled where empty or a `{{ registration.* }}` placeholder.
 * Mutates and returns the entries.
 */
export function hydrateEntries(entries: PackageEntry[], scope: RegistrationScope): PackageEntry[] {
  const defined = definedKeys(entries);
  const stack: unknown[] = entries.map((e) => e.spec);
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || v === undefined || typeof v !== "object" || v instanceof Uint8Array) continue;
    if (Array.isArray(v)) {
      stack.push(...(v as unknown[]));
      continue;
    }
    const o = v as Record<string, unknown>;
    if (o.$typeName === "flyteidl.core.Identifier") {
      const id = o as unknown as Identifier;
      if (!ENTITY_TYPES.has(id.resourceType)) continue;
      const ours = defined.has(keyOf(id.resourceType, id.name));
      for (const k of ["project", "domain", "version"] as const) {
        if (ours || id[k] === "" || PLACEHOLDERS[k].test(id[k])) id[k] = scope[k];
      }
      continue;
    }
    stack.push(...Object.values(o));
  }
  return entries;
}
