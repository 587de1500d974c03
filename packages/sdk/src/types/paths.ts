/** Portable path helpers for URIs and local paths (no Node imports). */

/** True for `s3://…`, `gs://…`, `file://…`, `memory://…`, `http(s)://…`: handed to storage as is. */
export function isRemoteUri(path: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(path);
}

/** The last path segment of a path or URI (`./data/a.csv` → `a.csv`). */
export function baseName(path: string): string {
  const parts = path.replace(/[/\\]+$/, "").split(/[/\\]/);
  return parts[parts.length - 1] || "data";
}

export function joinUri(prefix: string, rel: string): string {
  return `${prefix.replace(/\/+$/, "")}/${rel.replace(/^\/+/, "")}`;
}

/** A fresh folder name for a download. */
export function freshName(): string {
  return globalThis.crypto.randomUUID();
}

/**
 * Object names under a prefix, relative to it. `DataAccess.list` gives full URIs; entries that do
 * not start with the prefix are taken as already relative. Siblings (`dir2/…` for `dir`) are dropped.
 */
export function relativeTo(prefix: string, entries: readonly string[]): string[] {
  const base = prefix.replace(/\/+$/, "");
  const out: string[] = [];
  for (const e of entries) {
    if (e.startsWith(`${base}/`)) out.push(e.slice(base.length + 1));
    else if (!e.startsWith(base) && !isRemoteUri(e)) out.push(e.replace(/^\/+/, ""));
  }
  return [...new Set(out.filter((x) => x !== ""))].sort();
}
