import { randomBytes } from "node:crypto";
import type { DataAccess } from "@flyte-ts/sdk";
import { joinUri, type BlobStore } from "@flyte-ts/storage";

/**
 * The type engine's data access over a blob store: files, directories and dataframes a task
 * writes go under the attempt's raw-output prefix, downloads under `localDir`.
 */
export function blobDataAccess(store: BlobStore, rawOutputPrefix: string, localDir: string): DataAccess {
  return {
    localDir,
    read: (uri) => store.read(uri),
    write: (uri, bytes) => store.write(uri, bytes),
    async list(prefix) {
      const base = prefix.endsWith("/") ? prefix : `${prefix}/`;
      const out: string[] = [];
      for await (const b of store.list(base)) out.push(b.uri);
      return out;
    },
    newRawUri(hint) {
      const safe = hint.replace(/[^A-Za-z0-9._-]/g, "_") || "data";
      return joinUri(rawOutputPrefix, randomBytes(8).toString("hex"), safe);
    },
  };
}
