import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import type { CompletedPart, S3Client } from "@aws-sdk/client-s3";

interface MultipartUploadOptions {
  readonly client: S3Client;
  readonly target: { readonly Bucket: string; readonly Key: string; readonly UploadId: string };
}

/** One multipart upload in progress: parts go up in order, then complete or abort. */
export class MultipartUpload {
  readonly #parts: CompletedPart[] = [];
  readonly client: S3Client;
  readonly target: MultipartUploadOptions["target"];

  private constructor(options: MultipartUploadOptions) {
    this.client = options.client;
    this.target = options.target;
  }

  static async start(
    client: S3Client,
    Bucket: string,
    Key: string,
    ContentType: string | undefined,
  ): Promise<MultipartUpload> {
    const out = await client.send(new CreateMultipartUploadCommand({ Bucket, Key, ContentType }));
    if (out.UploadId === undefined) throw new Error("CreateMultipartUpload returned no UploadId");
    return new MultipartUpload({ client, target: { Bucket, Key, UploadId: out.UploadId } });
  }

  async uploadPart(Body: Uint8Array): Promise<void> {
    const PartNumber = this.#parts.length + 1;
    const out = await this.client.send(
      new UploadPartCommand({ ...this.target, PartNumber, Body, ContentLength: Body.byteLength }),
    );
    this.#parts.push({ PartNumber, ETag: out.ETag });
  }

  async complete(): Promise<void> {
    await this.client.send(
      new CompleteMultipartUploadCommand({ ...this.target, MultipartUpload: { Parts: this.#parts } }),
    );
  }

  async abort(): Promise<void> {
    await this.client.send(new AbortMultipartUploadCommand(this.target)).catch(() => undefined);
  }
}
