import type { JsonValue } from "@bufbuild/protobuf";
import { canonicalStringify } from "./content-digest.js";

/** One difference between a stored and a new entity, at a proto field path. */
export interface FieldDifference {
  /** `template.container.image`, `template.nodes[1].inputs[0].var` */
  path: string;
  /** Canonical JSON of the stored value; undefined when the new entity added the field. */
  existing?: string;
  /** Canonical JSON of the new value; undefined when the new entity dropped the field. */
  proposed?: string;
}

const isObject = (v: JsonValue | undefined): v is { [k: string]: JsonValue } =>
  v !== null && v !== undefined && typeof v === "object" && !Array.isArray(v);

/** Every leaf where `existing` and `proposed` differ (objects by key, arrays by index). */
export function structureDiff(
  existing: JsonValue | undefined,
  proposed: JsonValue | undefined,
  path = "",
): FieldDifference[] {
  const out: FieldDifference[] = [];
  walk(existing, proposed, path, out);
  return out;
}

function walk(a: JsonValue | undefined, b: JsonValue | undefined, path: string, out: FieldDifference[]): void {
  if (isObject(a) && isObject(b)) {
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      walk(a[key], b[key], path === "" ? key : `${path}.${key}`, out);
    }
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) walk(a[i], b[i], `${path}[${i}]`, out);
    return;
  }
  const left = a === undefined ? undefined : canonicalStringify(a);
  const right = b === undefined ? undefined : canonicalStringify(b);
  if (left === right) return;
  const d: FieldDifference = { path: path === "" ? "<root>" : path };
  if (left !== undefined) d.existing = left;
  if (right !== undefined) d.proposed = right;
  out.push(d);
}

const MAX_SHOWN = 20;
const clip = (s: string) => (s.length > 80 ? `${s.slice(0, 77)}...` : s);

/** Lines such as `  template.container.image: "a" → "b"`, at most 20 (then a count of the rest). */
export function formatDiff(diffs: readonly FieldDifference[]): string {
  const lines = diffs.slice(0, MAX_SHOWN).map((d) => {
    if (d.existing === undefined) return `  + ${d.path}: ${clip(d.proposed ?? "")} (added)`;
    if (d.proposed === undefined) return `  - ${d.path}: ${clip(d.existing)} (removed)`;
    return `  ~ ${d.path}: ${clip(d.existing)} → ${clip(d.proposed)}`;
  });
  if (diffs.length > MAX_SHOWN) lines.push(`  ... and ${diffs.length - MAX_SHOWN} more`);
  return lines.join("\n");
}
