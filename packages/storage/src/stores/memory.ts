import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { NotFoundError } from "@flyte-ts/core";
import type { BlobInfo, BlobStore, WriteBody } from "../blob-store.js";
import { attempt, collectBytes } from "../bytes.js";
import { blobKey, isUnderRoot, normalizeRoot, prefixKey } from "../uri.js";

export interface MemoryStoreOptions {
  /** `memory://<name>[/<prefix>]`; two stores never share data, even with the same root. */
  readonly root: string;
}

interface MemoryBlob {
  readonly bytes: Uint8Array;
  readonly etag: string;
  readonly lastModified: Date;
}

/** A blob store in a `Map`: for tests and for `flyte run` without a data directory. */
export class MemoryStore implements BlobStore {
  readonly root: string;
  readonly #blobs = new Map<string, MemoryBlob>();

  constructor(options: MemoryStoreOptions) {
    this.root = normalizeRoot(options.root, "memory");
  }

  contains(uri: string): boolean {
    return isUnderRoot(this.root, uri);
  }

  head(uri: string): Promise<BlobInfo | undefined> {
    return attempt(() => {
      const key = blobKey(this.root, uri);
      const blob = this.#blobs.get(key);
      return blob === undefined ? undefined : this.#info(key, blob);
    });
  }

  read(uri: string): Promise<Uint8Array> {
    return attempt(() => this.#get(uri).bytes.slice());
  }

  readStream(uri: string): Promise<Readable> {
    return attempt(() => Readable.from(Buffer.from(this.#get(uri).bytes), { objectMode: false }));
  }

  async write(uri: string, body: WriteBody): Promise<void> {
    const key = blobKey(this.root, uri);
    const bytes = await collectBytes(body);
    this.#blobs.set(key, { bytes, etag: createHash("md5").update(bytes).digest("hex"), lastModified: new Date() });
  }

  async *list(prefix: string): AsyncIterable<BlobInfo> {
    const start = prefixKey(this.root, prefix);
    const keys = [...this.#blobs.keys()].filter((k) => k.startsWith(start)).sort();
    for (const key of keys) {
      const blob = this.#blobs.get(key);
      if (blob !== undefined) yield this.#info(key, blob);
    }
    await Promise.resolve();
  }

  copy(from: string, to: string): Promise<void> {
    return attempt(() => {
      const key = blobKey(this.root, to);
      const source = this.#get(from);
      this.#blobs.set(key, { ...source, lastModified: new Date() });
    });
  }

  delete(uri: string): Promise<void> {
    return attempt(() => {
      this.#blobs.delete(blobKey(this.root, uri));
    });
  }

  #get(uri: string): MemoryBlob {
    const blob = this.#blobs.get(blobKey(this.root, uri));
    if (blob === undefined) throw new NotFoundError(`blob ${uri} does not exist`, { details: { uri } });
    return blob;
  }

  #info(key: string, blob: MemoryBlob): BlobInfo {
    return {
      uri: `${this.root}/${key}`,
      size: blob.bytes.byteLength,
      etag: blob.etag,
      lastModified: blob.lastModified,
    };
  }
}
