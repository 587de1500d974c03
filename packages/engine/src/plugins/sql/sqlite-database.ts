import { execFile } from "node:child_process";
import { mkdir, readdir, stat, writeFile } from "node:fs/promises";
import { basename, isAbsolute, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { BlobStore } from "@flyte-ts/storage";

/** The database file of a query could not be found or unpacked: the task's fault. */
export class DatabaseFileError extends Error {
  constructor(
    message: string,
    readonly uri: string,
  ) {
    super(message);
    this.name = "DatabaseFileError";
  }
}

export interface ResolveOptions {
  readonly uri: string;
  readonly blobs: BlobStore;
  /** A private directory for downloads and unpacked archives. */
  readonly scratchDir: string;
  /** The file is an archive (tar, optionally compressed) holding one database file. */
  readonly compressed: boolean;
  readonly fetch?: typeof fetch;
}

/**
 * A local path for a SQLite database named like flytekit's `SQLite3Config.uri`: a URI in the
 * engine's storage (downloaded), an `http(s)://` URL (downloaded), or a local path / `file://`
 * URI outside storage (used in place).
 */
export async function resolveDatabase(o: ResolveOptions): Promise<string> {
  const { uri } = o;
  let local: string;
  if (o.blobs.contains(uri)) {
    if (!(await o.blobs.head(uri))) throw new DatabaseFileError(`no SQLite database is stored at ${uri}`, uri);
    local = await download(o, await o.blobs.read(uri));
  } else if (/^https?:\/\//i.test(uri)) {
    const res = await (o.fetch ?? fetch)(uri).catch((e: unknown) => {
      throw new DatabaseFileError(`could not download the SQLite database ${uri}: ${String(e)}`, uri);
    });
    if (!res.ok) throw new DatabaseFileError(`could not download the SQLite database ${uri}: HTTP ${res.status}`, uri);
    local = await download(o, new Uint8Array(await res.arrayBuffer()));
  } else {
    const path = uri.startsWith("file://") ? fileURLToPath(uri) : uri;
    if (!isAbsolute(path)) {
      throw new DatabaseFileError(`the SQLite database ${uri} must be an absolute path or a URI`, uri);
    }
    const st = await stat(path).catch(() => undefined);
    if (!st?.isFile()) throw new DatabaseFileError(`the SQLite database file ${path} does not exist`, uri);
    local = path;
  }
  return o.compressed ? unpack(o, local) : local;
}

async function download(o: ResolveOptions, bytes: Uint8Array): Promise<string> {
  await mkdir(o.scratchDir, { recursive: true });
  const name = basename(o.uri.replace(/[?#].*$/, "")) || "database.sqlite";
  const path = join(o.scratchDir, name.replace(/[^A-Za-z0-9._-]/g, "_"));
  await writeFile(path, bytes);
  return path;
}

/** Unpacks a (compressed) tar archive that must hold exactly one file. */
async function unpack(o: ResolveOptions, archive: string): Promise<string> {
  const dir = join(o.scratchDir, "_arch");
  await mkdir(dir, { recursive: true });
  await new Promise<void>((resolve, reject) => {
    execFile("tar", ["-xf", archive, "-C", dir], (err, _out, stderr) =>
      err
        ? reject(
            new DatabaseFileError(
              `could not unpack the SQLite archive ${o.uri} (tar archives only): ${stderr.trim() || err.message}`,
              o.uri,
            ),
          )
        : resolve(),
    );
  });
  const files = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
  const [only, ...more] = files;
  if (!only || more.length > 0) {
    throw new DatabaseFileError(
      `the SQLite archive ${o.uri} must hold exactly one file; it holds ${files.length}`,
      o.uri,
    );
  }
  return join(only.parentPath, only.name);
}
