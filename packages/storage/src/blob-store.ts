import type { Readable } from "node:stream";

/** What a store knows about one blob without reading it. */
export interface BlobInfo {
  /** The blob's full URI, in the store's scheme (`file:///…`, `memory://…`, `s3://…`). */
  readonly uri: string;
  /** Size in bytes. */
  readonly size: number;
  /** Opaque version tag: changes when the content changes. */
  readonly etag?: string;
  readonly lastModified?: Date;
}

/** A blob body: bytes in hand, or a stream of chunks (a Node `Readable` is one). */
export type WriteBody = Uint8Array | AsyncIterable<Uint8Array>;

export interface WriteOptions {
  /** MIME type, kept where the backend stores one (S3); ignored elsewhere. */
  readonly contentType?: string;
}

export type SignedUrlMethod = "GET" | "PUT";

export interface SignedUrlOptions {
  readonly method: SignedUrlMethod;
  /** Seconds the URL stays valid, 1 … 604800 (7 days, S3's limit). */
  readonly expiresInSec: number;
}

/**
 * A blob store: flat keys under one root URI, like an object store. "Directories" exist only
 * as key prefixes. Every method validates its URI against the store's root first and throws
 * `InvalidArgumentError` (code `InvalidBlobUri`) for URIs outside it, `..`/`.`/empty segments or
 * NUL bytes; nothing is touched in that case.
 *
 * Missing blobs: `head` resolves `undefined`, `read`/`readStream`/`copy` (source) throw
 * `NotFoundError`, `delete` is a no-op. I/O failures are `SystemError`s.
 */
export interface BlobStore {
  /** Whether `uri` lies under this store's root (no I/O, no validation error). */
  contains(uri: string): boolean;
  head(uri: string): Promise<BlobInfo | undefined>;
  read(uri: string): Promise<Uint8Array>;
  /** Rejects with `NotFoundError` before any data flows when the blob is missing. */
  readStream(uri: string): Promise<Readable>;
  /** Creates or replaces the blob. Readers see the old or the new content, never a mix. */
  write(uri: string, body: WriteBody, options?: WriteOptions): Promise<void>;
  /**
   * Every blob whose URI starts with `prefix` (a plain string prefix, as in S3: end it with `/`
   * to list a "directory"), at any depth, sorted by URI.
   */
  list(prefix: string): AsyncIterable<BlobInfo>;
  copy(from: string, to: string): Promise<void>;
  /** Idempotent: deleting a missing blob succeeds. */
  delete(uri: string): Promise<void>;
  /** A URL a plain HTTP client can use without credentials; only where the backend signs (S3). */
  signedUrl?(uri: string, options: SignedUrlOptions): Promise<string>;
}
