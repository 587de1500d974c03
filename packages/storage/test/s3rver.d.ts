// s3rver ships no type declarations; this covers what the S3 contract test uses.
declare module "s3rver" {
  import type { RequestListener } from "node:http";

  interface S3rverOptions {
    silent?: boolean;
    directory: string;
    configureBuckets?: { name: string }[];
  }
  /** A Koa application: `callback()` is its request handler. */
  export default class S3rver {
    constructor(options: S3rverOptions);
    configureBuckets(): Promise<void>;
    callback(): RequestListener;
    readonly logger: { close(): void };
  }
}
