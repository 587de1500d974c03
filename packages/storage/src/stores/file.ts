import { randomUUID } from "node:crypto";
import {
  closeSync,
  createWriteStream,
  fstatSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { copyFile, mkdir, open, readdir, readFile, rename, unlink, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { FailedPreconditionError, NotFoundError, SystemError } from "@flyte-ts/core";
import type { BlobInfo, BlobStore, WriteBody } from "../blob-store.js";
import { blobKey, isUnderRoot, normalizeRoot, prefixKey } from "../uri.js";

export interface FileStoreOptions {
  /** `file:///<absolute directory>`; created on first write. `file:///a/b/c` maps to `/a/b/c`. */
  readonly root: string;
}

/** Suffix of in-flight temporary files; `list` never shows them. */
const TEMP_MARK = ".flyte-tmp-";
const TEMP_RE = /\.flyte-tmp-[0-9a-f-]{36}$/;

/**
 * Bodies up to this size are read and written with synchronous calls: for the small protobuf
 * documents of the metadata layout (inputs.pb, outputs.pb, error.pb) a round trip through libuv's
 * thread pool costs more than the write itself (measured in the engine benchmark), and a few
 * microseconds of page-cache I/O do not hold the event loop up. Larger bodies stay asynchronous.
 */
const SYNC_LIMIT = 256 * 1024;
/** Directories created by this store, so most writes skip `mkdir` (bounded; cleared when full). */
const KNOWN_DIRS_MAX = 50_000;

function errno(e: unknown): string | undefined {
  return typeof e === "object" && e !== null && "code" in e && typeof e.code === "string" ? e.code : undefined;
}

function isMissing(e: unknown): boolean {
  const code = errno(e);
  return code === "ENOENT" || code === "ENOTDIR" || code === "EISDIR";
}

function notFound(uri: string, cause?: unknown): NotFoundError {
  return new NotFoundError(`blob ${uri} does not exist`, { details: { uri }, cause });
}

function ioFailure(op: string, uri: string, e: unknown): Error {
  const code = errno(e);
  if (code === "ENOTDIR" || code === "EISDIR" || code === "EEXIST") {
    return new FailedPreconditionError(
      `cannot ${op} ${uri}: a file and a directory would share one path (the file store cannot hold both "a" and "a/b")`,
      { code: "BlobPathConflict", details: { uri }, cause: e },
    );
  }
  return new SystemError("StorageIOError", `cannot ${op} ${uri}: ${e instanceof Error ? e.message : String(e)}`, {
    details: { uri, errno: code ?? "" },
    cause: e,
  });
}

/**
 * Blobs as files under a local directory (the default store). Writes go to a temporary file in
 * the target directory and are renamed into place, so readers never see partial content.
 * Empty directories left by `delete` are not pruned (they are invisible to `list`).
 */
export class FileStore implements BlobStore {
  readonly root: string;
  readonly #dir: string;
  readonly #knownDirs = new Set<string>();

  constructor(options: FileStoreOptions) {
    this.root = normalizeRoot(options.root, "file");
    this.#dir = this.root.slice("file://".length);
  }

  contains(uri: string): boolean {
    return isUnderRoot(this.root, uri);
  }

  /** The local path of a blob URI (validated). */
  pathOf(uri: string): string {
    return `${this.#dir}/${blobKey(this.root, uri)}`;
  }

  head(uri: string): Promise<BlobInfo | undefined> {
    let path: string;
    try {
      path = this.pathOf(uri);
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
    try {
      const s = statSync(path);
      return Promise.resolve(s.isFile() ? info(uri, s) : undefined);
    } catch (e) {
      if (isMissing(e)) return Promise.resolve(undefined);
      return Promise.reject(ioFailure("stat", uri, e));
    }
  }

  async read(uri: string): Promise<Uint8Array> {
    const path = this.pathOf(uri);
    try {
      const small = readSmall(path);
      if (small) return small;
      const buffer = await readFile(path);
      return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    } catch (e) {
      if (isMissing(e)) throw notFound(uri, e);
      throw ioFailure("read", uri, e);
    }
  }

  async readStream(uri: string): Promise<Readable> {
    const path = this.pathOf(uri);
    let handle;
    try {
      handle = await open(path, "r");
      if (!(await handle.stat()).isFile()) throw Object.assign(new Error("not a file"), { code: "EISDIR" });
    } catch (e) {
      await handle?.close();
      if (isMissing(e)) throw notFound(uri, e);
      throw ioFailure("read", uri, e);
    }
    return handle.createReadStream({ autoClose: true });
  }

  async write(uri: string, body: WriteBody): Promise<void> {
    const path = this.pathOf(uri);
    if (body instanceof Uint8Array && body.byteLength <= SYNC_LIMIT) {
      this.#writeSmall(uri, path, body);
      return;
    }
    await this.#atomically(uri, path, "write", async (temp) => {
      if (body instanceof Uint8Array) await writeFile(temp, body, { flag: "wx" });
      else await pipeline(Readable.from(body, { objectMode: false }), createWriteStream(temp, { flags: "wx" }));
    });
  }

  async *list(prefix: string): AsyncIterable<BlobInfo> {
    const key = prefixKey(this.root, prefix);
    const slash = key.lastIndexOf("/");
    const dirKey = slash < 0 ? "" : key.slice(0, slash);
    const found: string[] = [];
    await this.#walk(dirKey, key, found);
    found.sort();
    for (const k of found) {
      const uri = `${this.root}/${k}`;
      const blob = await this.head(uri);
      if (blob !== undefined) yield blob; // deleted while listing: skip
    }
  }

  async copy(from: string, to: string): Promise<void> {
    const source = this.pathOf(from);
    const target = this.pathOf(to);
    await this.#atomically(to, target, "copy to", async (temp) => {
      try {
        await copyFile(source, temp);
      } catch (e) {
        if (isMissing(e)) throw notFound(from, e);
        throw e;
      }
    });
  }

  async delete(uri: string): Promise<void> {
    const path = this.pathOf(uri);
    try {
      await unlink(path);
    } catch (e) {
      const code = errno(e);
      // Missing, or a "directory" (a prefix of other blobs): nothing to delete, as in S3.
      if (isMissing(e) || code === "EPERM") return;
      throw ioFailure("delete", uri, e);
    }
  }

  /** The synchronous twin of `#atomically` for small bodies: temp file, then rename. */
  #writeSmall(uri: string, path: string, body: Uint8Array): void {
    const temp = `${path}${TEMP_MARK}${randomUUID()}`;
    const dir = dirname(path);
    try {
      if (!this.#knownDirs.has(dir)) this.#rememberDir(dir, () => mkdirSync(dir, { recursive: true }));
      try {
        writeFileSync(temp, body, { flag: "wx" });
      } catch (e) {
        if (errno(e) !== "ENOENT") throw e;
        // The directory was removed behind our back: create it again once.
        this.#knownDirs.delete(dir);
        mkdirSync(dir, { recursive: true });
        writeFileSync(temp, body, { flag: "wx" });
      }
      renameSync(temp, path);
    } catch (e) {
      try {
        unlinkSync(temp);
      } catch {
        // nothing was written
      }
      throw ioFailure("write", uri, e);
    }
  }

  #rememberDir(dir: string, create: () => void): void {
    create();
    if (this.#knownDirs.size >= KNOWN_DIRS_MAX) this.#knownDirs.clear();
    this.#knownDirs.add(dir);
  }

  async #atomically(uri: string, path: string, op: string, fill: (temp: string) => Promise<void>): Promise<void> {
    const temp = `${path}${TEMP_MARK}${randomUUID()}`;
    try {
      await mkdir(dirname(path), { recursive: true });
      await fill(temp);
      await rename(temp, path);
    } catch (e) {
      await unlink(temp).catch(() => undefined);
      if (e instanceof NotFoundError) throw e;
      throw ioFailure(op, uri, e);
    }
  }

  /** Collects keys under directory `dirKey` that start with `keyPrefix`. */
  async #walk(dirKey: string, keyPrefix: string, out: string[]): Promise<void> {
    const dir = dirKey === "" ? this.#dir : `${this.#dir}/${dirKey}`;
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (e) {
      if (isMissing(e)) return;
      throw ioFailure("list", `${this.root}/${dirKey}`, e);
    }
    for (const entry of entries) {
      const key = dirKey === "" ? entry.name : `${dirKey}/${entry.name}`;
      if (entry.isDirectory()) {
        // Descend only where keys below could still match the prefix.
        if (keyPrefix.startsWith(`${key}/`) || `${key}/`.startsWith(keyPrefix)) await this.#walk(key, keyPrefix, out);
      } else if (entry.isFile() && key.startsWith(keyPrefix) && !TEMP_RE.test(entry.name)) {
        out.push(key);
      }
    }
  }
}

/** Reads a small regular file in one go; `undefined` when it is larger than `SYNC_LIMIT`. */
function readSmall(path: string): Uint8Array | undefined {
  const fd = openSync(path, "r");
  try {
    const s = fstatSync(fd);
    if (!s.isFile()) throw Object.assign(new Error("not a file"), { code: "EISDIR" });
    if (s.size > SYNC_LIMIT) return undefined;
    const out = new Uint8Array(s.size);
    let at = 0;
    while (at < out.byteLength) {
      const n = readSync(fd, out, at, out.byteLength - at, at);
      if (n === 0) return out.subarray(0, at);
      at += n;
    }
    return out;
  } finally {
    closeSync(fd);
  }
}

/** Each write renames a new file into place, so inode + size + mtime changes with every write. */
function info(uri: string, s: { ino: number; size: number; mtimeMs: number; mtime: Date }): BlobInfo {
  const etag = [s.ino, s.size, Math.round(s.mtimeMs * 1000)].map((n) => n.toString(16)).join("-");
  return { uri, size: s.size, etag, lastModified: s.mtime };
}
