import { ResourceType, type Identifier } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import type { PackageEntry } from "../../package/read-package.js";
import { entryId } from "./hydrate-ids.js";

const rank: Record<PackageEntry["kind"], number> = { task: 0, workflow: 1, launchPlan: 2 };

const keyOf = (id: Identifier) => `${id.resourceType}:${id.name}`;

/** Task, workflow and launch-plan identifiers anywhere in a message. */
function referencedIds(message: unknown): Identifier[] {
  const out: Identifier[] = [];
  const stack: unknown[] = [message];
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
      if (id.resourceType !== ResourceType.UNSPECIFIED && id.resourceType !== ResourceType.DATASET) out.push(id);
      continue;
    }
    stack.push(...Object.values(o));
  }
  return out;
}

/**
 * The order registration must follow: every entity after the package entities it references
 * (a workflow after its tasks, sub-workflows and child launch plans; a launch plan after its
 * workflow); among those that are ready, tasks first, then workflows, then launch plans, then
 * file order. Entities in a reference cycle keep their file order at the end.
 */
export function registrationOrder(entries: readonly PackageEntry[]): PackageEntry[] {
  const byKey = new Map<string, PackageEntry>();
  for (const e of entries) {
    const id = entryId(e);
    if (id && !byKey.has(keyOf(id))) byKey.set(keyOf(id), e);
  }
  const deps = new Map<PackageEntry, Set<PackageEntry>>();
  for (const e of entries) {
    const own = entryId(e);
    const needs = new Set<PackageEntry>();
    for (const id of referencedIds(e.spec)) {
      const dep = byKey.get(keyOf(id));
      if (dep && dep !== e && (!own || keyOf(own) !== keyOf(id))) needs.add(dep);
    }
    deps.set(e, needs);
  }
  const done = new Set<PackageEntry>();
  const out: PackageEntry[] = [];
  const pending = [...entries].sort((a, b) => rank[a.kind] - rank[b.kind] || a.order - b.order);
  for (;;) {
    const next = pending.find((e) => !done.has(e) && [...(deps.get(e) ?? [])].every((d) => done.has(d)));
    if (!next) break;
    done.add(next);
    out.push(next);
  }
  out.push(...entries.filter((e) => !done.has(e)));
  return out;
}
