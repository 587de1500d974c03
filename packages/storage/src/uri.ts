import { InvalidArgumentError } from "@flyte-ts/core";

/** The URI schemes a store can own. */
export type StoreScheme = "file" | "memory" | "s3";

/** Error code for every URI a store refuses. */
export const INVALID_BLOB_URI = "InvalidBlobUri";

function invalid(uri: string, reason: string, root?: string): InvalidArgumentError {
  const where = root === undefined ? "" : ` (store root ${JSON.stringify(root)})`;
  return new InvalidArgumentError(`blob URI ${JSON.stringify(uri)} ${reason}${where}`, {
    code: INVALID_BLOB_URI,
    details: root === undefined ? { uri, reason } : { uri, reason, root },
  });
}

function checkSegments(uri: string, segments: readonly string[], root?: string): void {
  for (const segment of segments) {
    if (segment === "") throw invalid(uri, "has an empty path segment ('//')", root);
    if (segment === "." || segment === "..") throw invalid(uri, `has a '${segment}' path segment`, root);
  }
}

/**
 * Validates a store root such as `file:///var/flyte`, `memory://test` or `s3://bucket/prefix` and
 * returns it without trailing slashes.
 */
export function normalizeRoot(root: string, scheme: StoreScheme): string {
  if (root.includes("\0")) throw invalid(root, "contains a NUL byte");
  const head = `${scheme}://`;
  if (!root.startsWith(head)) throw invalid(root, `is not a ${head} URI`);
  const trimmed = root.replace(/\/+$/, "");
  const rest = trimmed.slice(head.length);
  if (scheme === "file") {
    if (rest === "") throw invalid(root, "must name a directory below '/'");
    if (!rest.startsWith("/")) throw invalid(root, "must be file:///<absolute path>");
    checkSegments(root, rest.slice(1).split("/"));
    return trimmed;
  }
  if (rest === "") throw invalid(root, `must name a ${scheme === "s3" ? "bucket" : "store"} after ${head}`);
  const segments = rest.split("/");
  checkSegments(root, segments);
  if (scheme === "s3" && !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(segments[0] ?? "")) {
    throw invalid(root, "does not start with a valid S3 bucket name");
  }
  return trimmed;
}

/** Whether `uri` is `root` itself or below it (string check only). */
export function isUnderRoot(root: string, uri: string): boolean {
  return uri === root || uri.startsWith(`${root}/`);
}

/**
 * The key of a blob URI relative to `root` (`<root>/<key>`). Rejects URIs outside the root,
 * `..`, `.` and empty segments, trailing slashes and NUL bytes.
 */
export function blobKey(root: string, uri: string): string {
  if (uri.includes("\0")) throw invalid(uri, "contains a NUL byte", root);
  if (!uri.startsWith(`${root}/`)) throw invalid(uri, "is outside the store root", root);
  const key = uri.slice(root.length + 1);
  if (key === "") throw invalid(uri, "names the store root, not a blob", root);
  if (key.endsWith("/")) throw invalid(uri, "ends with '/', which names a prefix, not a blob", root);
  checkSegments(uri, key.split("/"), root);
  return key;
}

/**
 * The key prefix of a listing prefix relative to `root`: `""` for the root itself, otherwise a
 * key prefix that may end with `/` (a "directory") or in the middle of a name.
 */
export function prefixKey(root: string, prefix: string): string {
  if (prefix.includes("\0")) throw invalid(prefix, "contains a NUL byte", root);
  if (prefix === root || prefix === `${root}/`) return "";
  if (!prefix.startsWith(`${root}/`)) throw invalid(prefix, "is outside the store root", root);
  const key = prefix.slice(root.length + 1);
  const segments = key.split("/");
  // The last segment may be empty (trailing '/') or a partial name.
  const last = segments.pop() ?? "";
  checkSegments(prefix, segments, root);
  if (last === "." || last === "..") throw invalid(prefix, `has a '${last}' path segment`, root);
  return key;
}

/** Joins path segments onto a URI with single slashes: `joinUri("s3://b/x/", "y", 0)` → `s3://b/x/y/0`. */
export function joinUri(base: string, ...segments: readonly (string | number)[]): string {
  let out = base.replace(/\/+$/, "");
  for (const segment of segments) {
    const s = String(segment).replace(/^\/+|\/+$/g, "");
    if (s !== "") out += `/${s}`;
  }
  return out;
}
