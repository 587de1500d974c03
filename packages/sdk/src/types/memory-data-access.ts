import { NotFoundError } from "@flyte-ts/core";
import type { DataAccess } from "./flyte-type.js";

/** A `DataAccess` kept in memory, with its stored objects visible (see `memoryDataAccess`). */
export interface MemoryDataAccess extends DataAccess {
  /** Every stored object, by URI. */
  readonly objects: ReadonlyMap<string, Uint8Array>;
}

/**
 * A DataAccess over a Map, for tests and local runs without storage: `newRawUri` gives
 * `memory://<prefix>/<n>/<hint>` URIs, `list` gives the full URIs under a prefix.
 */
export function memoryDataAccess(options: { prefix?: string; localDir?: string } = {}): MemoryDataAccess {
  const objects = new Map<string, Uint8Array>();
  const prefix = (options.prefix ?? "memory://raw").replace(/\/+$/, "");
  let n = 0;
  return {
    objects,
    localDir: options.localDir ?? "",
    read(uri) {
      const bytes = objects.get(uri);
      return bytes ? Promise.resolve(bytes) : Promise.reject(new NotFoundError(`no object at ${uri}`));
    },
    write(uri, bytes) {
      objects.set(uri, bytes.slice());
      return Promise.resolve();
    },
    list(p) {
      const base = p.replace(/\/+$/, "");
      return Promise.resolve([...objects.keys()].filter((k) => k.startsWith(`${base}/`)).sort());
    },
    newRawUri(hint) {
      n += 1;
      return `${prefix}/${n.toString(36).padStart(4, "0")}/${hint.replace(/[^A-Za-z0-9._-]/g, "_") || "data"}`;
    },
  };
}
