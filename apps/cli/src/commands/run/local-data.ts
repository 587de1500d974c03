import { mkdirSync } from "node:fs";
import { mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { DataAccess } from "@flyte-ts/sdk";

/** Where a local run keeps files, directories and dataframes: a folder on disk, as `file://` URIs. */
export interface LocalDataAccess extends DataAccess {
  /** The folder raw outputs are written under. */
  readonly root: string;
}

const toPath = (uri: string): string => (uri.startsWith("file://") ? fileURLToPath(uri) : uri);

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(full)));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

/**
 * A `DataAccess` over the local disk: new raw outputs go under `root` (`file://<root>/<n>/<name>`),
 * and any `file://` URI (such as a local input file) can be read and listed.
 */
export function localDataAccess(root: string): LocalDataAccess {
  mkdirSync(root, { recursive: true });
  let n = 0;
  return {
    root,
    localDir: join(root, "downloads"),
    read: async (uri) => new Uint8Array(await readFile(toPath(uri))),
    async write(uri, bytes) {
      const path = toPath(uri);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, bytes);
    },
    async list(prefix) {
      const path = toPath(prefix);
      const info = await stat(path).catch(() => undefined);
      if (!info?.isDirectory()) return [];
      return (await walk(path)).sort().map((p) => pathToFileURL(p).href);
    },
    newRawUri(hint) {
      n += 1;
      const name = hint.replace(/[^A-Za-z0-9._-]/g, "_") || "data";
      return pathToFileURL(join(root, n.toString(36).padStart(4, "0"), name)).href;
    },
  };
}
