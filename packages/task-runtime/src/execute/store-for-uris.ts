import { UserError } from "@flyte-ts/core";
import type { S3StoreOptions, StoreConfig } from "@flyte-ts/storage";

/** Settings applied to every `s3://` store derived from URIs (credentials come from the caller). */
export type S3Defaults = Omit<S3StoreOptions, "root" | "client">;

/**
 * Store configs able to reach every URI given: one `file://` store per top-level directory and
 * one `s3://` store per bucket. `memory://` URIs live inside one process, so a task runtime in
 * another process cannot reach them: that is a usage error naming the URI.
 */
export function storeConfigForUris(uris: readonly string[], s3: S3Defaults = {}): StoreConfig[] {
  const roots = new Map<string, StoreConfig>();
  for (const uri of uris) {
    const m = /^([a-z0-9]+):\/\/(.*)$/.exec(uri);
    if (!m) throw new UserError("InvalidBlobUri", `'${uri}' is not a storage URI (file:///…, s3://…)`);
    const scheme = m[1] ?? "";
    const rest = m[2] ?? "";
    switch (scheme) {
      case "file": {
        const top = /^\/([^/]+)\/./.exec(rest);
        if (!top)
          throw new UserError("InvalidBlobUri", `'${uri}' must lie below a top-level directory (file:///<dir>/…)`);
        const root = `file:///${top[1] ?? ""}`;
        roots.set(root, { kind: "file", root });
        break;
      }
      case "s3": {
        const root = `s3://${rest.split("/")[0] ?? ""}`;
        roots.set(root, { kind: "s3", root, ...s3 });
        break;
      }
      case "memory":
        throw new UserError(
          "UnreachableStore",
          `'${uri}' is in a memory:// store, which only its own process can read: use file:// or s3:// storage for TS tasks`,
        );
      default:
        throw new UserError("InvalidBlobUri", `'${uri}' has an unsupported scheme '${scheme}' (file, s3)`);
    }
  }
  return [...roots.values()];
}
