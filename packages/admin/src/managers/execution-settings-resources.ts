import { clone, create, toBinary } from "@bufbuild/protobuf";
import type { TaskResourceSpec } from "@flyte-ts/idl/gen/flyteidl/admin/matchable_resource_pb";
import type { CompiledWorkflowClosure } from "@flyte-ts/idl/gen/flyteidl/core/compiler_pb";
import {
  Resources_ResourceEntrySchema,
  Resources_ResourceName as Name,
  ResourcesSchema,
  type Resources,
  type Resources_ResourceEntry,
} from "@flyte-ts/idl/gen/flyteidl/core/tasks_pb";
import type { ResourceQuantities } from "./execution-settings-config.js";

/** A platform value and where it came from (`project+domain TASK_RESOURCE`, `global config`). */
export interface Sourced {
  value: string;
  from: string;
}
export type PlatformResources = Partial<Record<keyof ResourceQuantities, Sourced>>;

const FIELDS: Record<keyof ResourceQuantities, Name> = {
  cpu: Name.CPU,
  gpu: Name.GPU,
  memory: Name.MEMORY,
  storage: Name.STORAGE,
  ephemeralStorage: Name.EPHEMERAL_STORAGE,
};
/** CPU and memory are always set; the others only when the task or a platform default names them. */
const ALWAYS: readonly (keyof ResourceQuantities)[] = ["cpu", "memory"];

const SUFFIX: Record<string, number> = {
  "": 1,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** A Kubernetes quantity as a number (`500m` → 0.5, `1Gi` → 1073741824); undefined when unreadable. */
export function parseQuantity(q: string): number | undefined {
  const m = /^([+]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)([a-zA-Z]{0,2})$/.exec(q.trim());
  if (!m) return undefined;
  const unit = SUFFIX[m[2] ?? ""];
  return unit === undefined ? undefined : Number(m[1]) * unit;
}

/** Fills `into` with the fields of `spec` it does not have yet. */
export function addPlatform(
  into: PlatformResources,
  spec: TaskResourceSpec | ResourceQuantities | undefined,
  from: string,
) {
  if (!spec) return;
  for (const k of Object.keys(FIELDS) as (keyof ResourceQuantities)[]) {
    const v = spec[k];
    if (v && !into[k]) into[k] = { value: v, from };
  }
}

/**
 * The closure with every container task's resources settled (brief §8.3): an unset request takes
 * the platform default, an unset limit the request, both are clamped to the platform limit, and a
 * request above its limit is lowered to it. Returns one note per change, naming the task. `closure`
 * is not changed (it is shared by the cache of compiled launch plans): a task whose resources
 * change is a copy, everything else is shared, so an execution that changes nothing costs no copy.
 */
export function applyTaskResources(
  closure: CompiledWorkflowClosure,
  defaults: PlatformResources,
  limits: PlatformResources,
): { closure: CompiledWorkflowClosure; notes: string[] } {
  const notes: string[] = [];
  let tasks: CompiledWorkflowClosure["tasks"] | undefined;
  closure.tasks.forEach((task, i) => {
    const template = task.template;
    if (template?.target.case !== "container") return;
    const container = template.target.value;
    const before = container.resources ? toBinary(ResourcesSchema, container.resources) : new Uint8Array();
    const resources = container.resources ? clone(ResourcesSchema, container.resources) : create(ResourcesSchema);
    const name = template.id?.name ?? "?";
    for (const field of Object.keys(FIELDS) as (keyof ResourceQuantities)[]) {
      notes.push(...adjust(resources, field, defaults[field], limits[field]).map((n) => `task ${name}: ${n}`));
    }
    if (container.resources && equals(before, toBinary(ResourcesSchema, resources))) return;
    tasks ??= [...closure.tasks];
    tasks[i] = {
      ...task,
      template: { ...template, target: { case: "container", value: { ...container, resources } } },
    };
  });
  return { closure: tasks ? { ...closure, tasks } : closure, notes };
}

function equals(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function adjust(r: Resources, field: keyof ResourceQuantities, def?: Sourced, limit?: Sourced): string[] {
  const name = FIELDS[field];
  const request = entry(r.requests, name);
  const lim = entry(r.limits, name);
  if (!ALWAYS.includes(field) && !request && !lim && !def) return [];
  const notes: string[] = [];
  let req = request?.value;
  if (!req && def) {
    req = def.value;
    notes.push(`${field} request set to the default ${def.value} (${def.from})`);
  }
  let max = lim?.value ?? req;
  const cap = limit ? parseQuantity(limit.value) : undefined;
  if (limit && cap !== undefined) {
    if (req && (parseQuantity(req) ?? 0) > cap) {
      notes.push(`${field} request ${req} lowered to the limit ${limit.value} (${limit.from})`);
      req = limit.value;
    }
    if (max && (parseQuantity(max) ?? 0) > cap) {
      if (lim) notes.push(`${field} limit ${max} lowered to ${limit.value} (${limit.from})`);
      max = limit.value;
    }
  }
  if (req && max && (parseQuantity(req) ?? 0) > (parseQuantity(max) ?? Infinity)) {
    notes.push(`${field} request ${req} lowered to its limit ${max}`);
    req = max;
  }
  set(r.requests, name, req);
  set(r.limits, name, max);
  return notes;
}

const entry = (list: Resources_ResourceEntry[], name: Name) => list.find((e) => e.name === name && e.value !== "");

function set(list: Resources_ResourceEntry[], name: Name, value: string | undefined): void {
  if (!value) return;
  const found = list.find((e) => e.name === name);
  if (found) found.value = value;
  else list.push(create(Resources_ResourceEntrySchema, { name, value }));
}
