import type { Readable } from "node:stream";
import { FailedPreconditionError, InvalidArgumentError } from "@flyte-ts/core";
import type { BlobInfo, BlobStore, SignedUrlOptions, WriteBody, WriteOptions } from "./blob-store.js";
import { attempt } from "./bytes.js";
import { INVALID_BLOB_URI } from "./uri.js";

export interface RoutingStoreOptions {
  /** Tried in order; the first whose `contains(uri)` is true serves the URI. Put narrower roots first. */
  readonly stores: readonly BlobStore[];
  /** Named in the error for a URI no store serves, e.g. the configured roots. */
  readonly description?: string;
}

/**
 * One `BlobStore` over several: routes each URI by scheme and root (metadata on `file://`, raw
 * data on `s3://`, …). Copies between stores stream from one to the other.
 */
export class RoutingStore implements BlobStore {
  readonly #stores: readonly BlobStore[];
  readonly #description: string;

  constructor(options: RoutingStoreOptions) {
    this.#stores = options.stores;
    this.#description = options.description ?? `${options.stores.length} configured store(s)`;
  }

  contains(uri: string): boolean {
    return this.#stores.some((s) => s.contains(uri));
  }

  /** The store that serves `uri`; throws `InvalidArgumentError` (`InvalidBlobUri`) when none does. */
  storeFor(uri: string): BlobStore {
    const store = this.#stores.find((s) => s.contains(uri));
    if (store === undefined) {
      throw new InvalidArgumentError(
        `blob URI ${JSON.stringify(uri)} is not under any configured store root (${this.#description})`,
        {
          code: INVALID_BLOB_URI,
          details: { uri },
        },
      );
    }
    return store;
  }

  head(uri: string): Promise<BlobInfo | undefined> {
    return attempt(() => this.storeFor(uri)).then((s) => s.head(uri));
  }

  read(uri: string): Promise<Uint8Array> {
    return attempt(() => this.storeFor(uri)).then((s) => s.read(uri));
  }

  readStream(uri: string): Promise<Readable> {
    return attempt(() => this.storeFor(uri)).then((s) => s.readStream(uri));
  }

  write(uri: string, body: WriteBody, options?: WriteOptions): Promise<void> {
    return attempt(() => this.storeFor(uri)).then((s) => s.write(uri, body, options));
  }

  list(prefix: string): AsyncIterable<BlobInfo> {
    const store = this.#stores.find((s) => s.contains(prefix));
    if (store !== undefined) return store.list(prefix);
    return (async function* (self: RoutingStore) {
      await Promise.resolve();
      yield* self.storeFor(prefix).list(prefix);
    })(this);
  }

  async copy(from: string, to: string): Promise<void> {
    const source = this.storeFor(from);
    const target = this.storeFor(to);
    if (source === target) return source.copy(from, to);
    await target.write(to, await source.readStream(from));
  }

  delete(uri: string): Promise<void> {
    return attempt(() => this.storeFor(uri)).then((s) => s.delete(uri));
  }

  async signedUrl(uri: string, options: SignedUrlOptions): Promise<string> {
    const store = this.storeFor(uri);
    if (store.signedUrl === undefined) {
      throw new FailedPreconditionError(
        `the store serving ${uri} cannot sign URLs; the control plane signs file:// URLs itself`,
        {
          code: "SignedUrlUnsupported",
          details: { uri },
        },
      );
    }
    return store.signedUrl(uri, options);
  }
}
