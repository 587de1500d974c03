import { Readable } from "node:stream";
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { InvalidArgumentError, NotFoundError, SystemError } from "@flyte-ts/core";
import type { BlobInfo, BlobStore, SignedUrlOptions, WriteBody, WriteOptions } from "../blob-store.js";
import { concatBytes } from "../bytes.js";
import { MultipartUpload } from "./s3-multipart.js";
import { blobKey, isUnderRoot, normalizeRoot, prefixKey } from "../uri.js";

export interface S3Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface S3StoreOptions {
  /** `s3://<bucket>[/<prefix>]`. The bucket must exist. */
  readonly root: string;
  /** Default `us-east-1`. */
  readonly region?: string;
  /** For S3-compatible servers (MinIO, s3rver, …): `http://host:port`. */
  readonly endpoint?: string;
  /** `http://endpoint/bucket/key` instead of `http://bucket.endpoint/key`; most S3-compatible servers need it. */
  readonly forcePathStyle?: boolean;
  /** Static credentials. Without them the AWS SDK's default provider chain applies. */
  readonly credentials?: S3Credentials;
  /** Streams larger than this go up as a multipart upload in parts of this size. Default 8 MiB, minimum 5 MiB. */
  readonly partSizeBytes?: number;
  /** A ready client (tests, custom middleware); replaces region/endpoint/credentials. */
  readonly client?: S3Client;
}

const MiB = 1024 * 1024;
const MAX_SIGNED_URL_SEC = 7 * 24 * 3600;

interface AwsErrorShape {
  readonly name?: string;
  readonly $metadata?: { readonly httpStatusCode?: number };
}

function awsError(e: unknown): AwsErrorShape {
  return typeof e === "object" && e !== null ? e : {};
}

function isNotFound(e: unknown): boolean {
  const { name, $metadata } = awsError(e);
  return name === "NoSuchKey" || name === "NotFound" || (name !== "NoSuchBucket" && $metadata?.httpStatusCode === 404);
}

function s3Failure(op: string, uri: string, e: unknown): Error {
  const { name, $metadata } = awsError(e);
  const message = `cannot ${op} ${uri}: ${e instanceof Error ? e.message : String(e)}`;
  const details = { uri, awsError: name ?? "", httpStatus: String($metadata?.httpStatusCode ?? "") };
  if (name === "NoSuchBucket")
    return new SystemError("StorageBucketNotFound", message, { retryable: false, details, cause: e });
  if ($metadata?.httpStatusCode === 403 || name === "AccessDenied") {
    return new SystemError("StorageAccessDenied", message, { retryable: false, details, cause: e });
  }
  return new SystemError("StorageIOError", message, { details, cause: e });
}

/** Blobs as objects in an S3 (or S3-compatible) bucket. */
export class S3Store implements BlobStore {
  readonly root: string;
  readonly bucket: string;
  readonly #basePrefix: string;
  readonly #client: S3Client;
  readonly #partSize: number;

  constructor(options: S3StoreOptions) {
    this.root = normalizeRoot(options.root, "s3");
    const path = this.root.slice("s3://".length);
    const slash = path.indexOf("/");
    this.bucket = slash < 0 ? path : path.slice(0, slash);
    this.#basePrefix = slash < 0 ? "" : `${path.slice(slash + 1)}/`;
    this.#partSize = options.partSizeBytes ?? 8 * MiB;
    if (!Number.isInteger(this.#partSize) || this.#partSize < 5 * MiB) {
      throw new InvalidArgumentError(`partSizeBytes must be an integer ≥ ${5 * MiB} (S3's minimum part size)`, {
        details: { field: "partSizeBytes" },
      });
    }
    this.#client = options.client ?? makeClient(options);
  }

  contains(uri: string): boolean {
    return isUnderRoot(this.root, uri);
  }

  async head(uri: string): Promise<BlobInfo | undefined> {
    const Key = this.#key(uri);
    try {
      const out = await this.#client.send(new HeadObjectCommand({ Bucket: this.bucket, Key }));
      return blobInfo(uri, out.ContentLength ?? 0, out.ETag, out.LastModified);
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw s3Failure("head", uri, e);
    }
  }

  async read(uri: string): Promise<Uint8Array> {
    const body = await this.#get(uri);
    try {
      return await body.transformToByteArray();
    } catch (e) {
      throw s3Failure("read", uri, e);
    }
  }

  async readStream(uri: string): Promise<Readable> {
    const body = await this.#get(uri);
    return body instanceof Readable ? body : Readable.fromWeb(body.transformToWebStream());
  }

  async write(uri: string, body: WriteBody, options: WriteOptions = {}): Promise<void> {
    const Key = this.#key(uri);
    const ContentType = options.contentType;
    if (body instanceof Uint8Array) {
      await this.#put(uri, Key, body, ContentType);
      return;
    }
    const pending: Uint8Array[] = [];
    let pendingSize = 0;
    let upload: MultipartUpload | undefined;
    try {
      for await (const chunk of body) {
        pending.push(chunk);
        pendingSize += chunk.byteLength;
        if (pendingSize >= this.#partSize) {
          upload ??= await MultipartUpload.start(this.#client, this.bucket, Key, ContentType);
          const all = concatBytes(pending, pendingSize);
          pending.length = 0;
          for (let offset = 0; offset + this.#partSize <= all.byteLength; offset += this.#partSize) {
            await upload.uploadPart(all.subarray(offset, offset + this.#partSize));
          }
          const rest = all.subarray(all.byteLength - (all.byteLength % this.#partSize));
          if (rest.byteLength > 0) pending.push(rest);
          pendingSize = rest.byteLength;
        }
      }
      const last = concatBytes(pending, pendingSize);
      if (upload === undefined) await this.#put(uri, Key, last, ContentType);
      else {
        if (last.byteLength > 0) await upload.uploadPart(last);
        await upload.complete();
      }
    } catch (e) {
      await upload?.abort();
      if (e instanceof SystemError) throw e;
      throw s3Failure("write", uri, e);
    }
  }

  async *list(prefix: string): AsyncIterable<BlobInfo> {
    const Prefix = this.#basePrefix + prefixKey(this.root, prefix);
    let ContinuationToken: string | undefined;
    do {
      let page;
      try {
        page = await this.#client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix, ContinuationToken }));
      } catch (e) {
        throw s3Failure("list", prefix, e);
      }
      for (const object of page.Contents ?? []) {
        if (object.Key === undefined) continue;
        yield blobInfo(`s3://${this.bucket}/${object.Key}`, object.Size ?? 0, object.ETag, object.LastModified);
      }
      ContinuationToken = page.IsTruncated === true ? page.NextContinuationToken : undefined;
    } while (ContinuationToken !== undefined);
  }

  async copy(from: string, to: string): Promise<void> {
    const source = this.#key(from);
    const Key = this.#key(to);
    const CopySource = `${this.bucket}/${source.split("/").map(encodeURIComponent).join("/")}`;
    try {
      await this.#client.send(new CopyObjectCommand({ Bucket: this.bucket, Key, CopySource }));
    } catch (e) {
      if (isNotFound(e)) throw new NotFoundError(`blob ${from} does not exist`, { details: { uri: from } });
      throw s3Failure("copy to", to, e);
    }
  }

  async delete(uri: string): Promise<void> {
    const Key = this.#key(uri);
    try {
      await this.#client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key }));
    } catch (e) {
      if (isNotFound(e)) return;
      throw s3Failure("delete", uri, e);
    }
  }

  async signedUrl(uri: string, options: SignedUrlOptions): Promise<string> {
    const Key = this.#key(uri);
    const { expiresInSec, method } = options;
    if (!Number.isInteger(expiresInSec) || expiresInSec < 1 || expiresInSec > MAX_SIGNED_URL_SEC) {
      throw new InvalidArgumentError(
        `expiresInSec must be an integer in 1…${MAX_SIGNED_URL_SEC}, got ${expiresInSec}`,
        {
          details: { field: "expiresInSec" },
        },
      );
    }
    const command =
      method === "GET"
        ? new GetObjectCommand({ Bucket: this.bucket, Key })
        : new PutObjectCommand({ Bucket: this.bucket, Key });
    return getSignedUrl(this.#client, command, { expiresIn: expiresInSec });
  }

  /** Stops the client's sockets; the store is unusable afterwards. */
  close(): void {
    this.#client.destroy();
  }

  #key(uri: string): string {
    return this.#basePrefix + blobKey(this.root, uri);
  }

  async #get(uri: string) {
    const Key = this.#key(uri);
    try {
      const out = await this.#client.send(new GetObjectCommand({ Bucket: this.bucket, Key }));
      if (out.Body === undefined) throw new Error("response has no body");
      return out.Body;
    } catch (e) {
      if (isNotFound(e)) throw new NotFoundError(`blob ${uri} does not exist`, { details: { uri } });
      throw s3Failure("read", uri, e);
    }
  }

  async #put(uri: string, Key: string, Body: Uint8Array, ContentType: string | undefined): Promise<void> {
    try {
      await this.#client.send(
        new PutObjectCommand({ Bucket: this.bucket, Key, Body, ContentType, ContentLength: Body.byteLength }),
      );
    } catch (e) {
      throw s3Failure("write", uri, e);
    }
  }
}

function makeClient(options: S3StoreOptions): S3Client {
  return new S3Client({
    region: options.region ?? "us-east-1",
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    ...(options.forcePathStyle === undefined ? {} : { forcePathStyle: options.forcePathStyle }),
    ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
    // Checksums only where S3 requires them: S3-compatible servers often reject the newer headers.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
}

function blobInfo(uri: string, size: number, etag: string | undefined, lastModified: Date | undefined): BlobInfo {
  return {
    uri,
    size,
    ...(etag === undefined ? {} : { etag: etag.replace(/^"|"$/g, "") }),
    ...(lastModified === undefined ? {} : { lastModified }),
  };
}
