import { createHash } from "node:crypto";
import type { ExtraHandler } from "../transport/server.js";
import type { AnyRequest, AnyResponse } from "../transport/rest-gateway.js";
import type { DataProxyContext } from "./data-proxy-context.js";
import { keyProblem } from "./data-proxy-context.js";
import type { DataUrlGrant } from "./data-url-signer.js";

const PREFIX = "/data/";

/**
 * The `/data/<key>?[md5=…&]expires=…&sig=…` route behind signed URLs for non-S3 storage: PUT
 * uploads (size limit, MD5 check, atomic write through the blob store), GET/HEAD download. Bad,
 * expired or missing signatures and keys outside the storage prefix get 403.
 */
export function dataRouteHandler(ctx: DataProxyContext): ExtraHandler {
  return async (req, res) => {
    const raw = req.url ?? "/";
    if (!raw.startsWith(PREFIX)) return false;
    const method = req.method ?? "GET";
    if (method !== "GET" && method !== "HEAD" && method !== "PUT") {
      reply(res, 405, `method ${method} is not allowed on signed data URLs`, { allow: "GET, HEAD, PUT" });
      return true;
    }
    const grant = authorize(ctx, raw, method === "PUT" ? "PUT" : "GET");
    if (typeof grant === "string") {
      drain(req);
      reply(res, 403, grant);
      return true;
    }
    const uri = `${ctx.storagePrefix}/${grant.key}`;
    if (grant.method === "PUT") await upload(ctx, req, res, uri, grant);
    else await download(ctx, res, uri, method === "HEAD");
    return true;
  };
}

/** The grant the URL carries, or why it is refused. */
function authorize(ctx: DataProxyContext, raw: string, method: "GET" | "PUT"): DataUrlGrant | string {
  const q = raw.indexOf("?");
  const path = q < 0 ? raw : raw.slice(0, q);
  const query = new URLSearchParams(q < 0 ? "" : raw.slice(q + 1));
  let key: string;
  try {
    key = path.slice(PREFIX.length).split("/").map(decodeURIComponent).join("/");
  } catch {
    return "the data path is not valid percent-encoding";
  }
  const problem = keyProblem(key);
  if (problem !== undefined) return `the data path ${problem}; it must name a blob under the storage root`;
  const sig = query.get("sig");
  const expires = query.get("expires");
  if (sig === null || expires === null || !/^[0-9]{1,15}$/.test(expires)) {
    return "the URL is not signed (expires and sig are required)";
  }
  const grant: DataUrlGrant = { method, key, expiresAtSec: Number(expires), contentMd5: query.get("md5") ?? "" };
  const verdict = ctx.signer.verify(grant, sig, ctx.now());
  if (verdict.ok) return grant;
  switch (verdict.reason) {
    case "expired":
      return "the signed URL has expired";
    case "bad_signature":
    case "malformed":
      return `the URL signature is not valid for ${method} on this path`;
    default:
      return verdict.reason satisfies never;
  }
}

class UploadRefused extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function upload(ctx: DataProxyContext, req: AnyRequest, res: AnyResponse, uri: string, grant: DataUrlGrant) {
  const limit = ctx.maxUploadBytes;
  const declared = Number(req.headers["content-length"] ?? NaN);
  if (declared > limit) {
    drain(req);
    reply(res, 413, `the upload is ${declared} bytes; the limit is ${limit} bytes`, { connection: "close" });
    return;
  }
  const headerMd5 = req.headers["content-md5"];
  const wanted = [grant.contentMd5, typeof headerMd5 === "string" ? headerMd5 : ""].filter((m) => m !== "");
  let refused: UploadRefused | undefined;
  const hash = createHash("md5");
  let size = 0;
  let digest = "";
  async function* body(): AsyncIterable<Uint8Array> {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.byteLength;
      if (size > limit) throw (refused = new UploadRefused(413, `the upload exceeds the limit of ${limit} bytes`));
      hash.update(chunk);
      yield chunk;
    }
    digest = hash.digest("base64");
    const mismatch = wanted.find((m) => m !== digest);
    // Thrown before the last write completes: the blob store discards the partial file.
    if (mismatch !== undefined) {
      throw (refused = new UploadRefused(400, `the body's MD5 ${digest} does not match the expected ${mismatch}`));
    }
  }
  const contentType = req.headers["content-type"];
  try {
    await ctx.blobs.write(uri, body(), typeof contentType === "string" ? { contentType } : {});
  } catch (e) {
    if (refused === undefined) throw e;
    drain(req);
    reply(res, refused.status, refused.message, refused.status === 413 ? { connection: "close" } : {});
    return;
  }
  res.writeHead(200, { "content-type": "text/plain", etag: `"${Buffer.from(digest, "base64").toString("hex")}"` });
  res.end("ok\n");
}

async function download(ctx: DataProxyContext, res: AnyResponse, uri: string, headOnly: boolean): Promise<void> {
  const info = await ctx.blobs.head(uri);
  if (info === undefined) {
    reply(res, 404, "no blob at this signed URL");
    return;
  }
  const headers = { "content-type": contentTypeOf(uri), "content-length": String(info.size) };
  if (headOnly) {
    res.writeHead(200, headers);
    res.end();
    return;
  }
  const stream = await ctx.blobs.readStream(uri);
  res.writeHead(200, headers);
  for await (const chunk of stream) {
    if (!(res as { write(c: Uint8Array): boolean }).write(chunk as Uint8Array)) {
      await new Promise<void>((resolve) => res.once("drain", () => resolve()));
    }
  }
  res.end();
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  html: "text/html; charset=utf-8",
  txt: "text/plain; charset=utf-8",
  json: "application/json",
  csv: "text/csv",
  gz: "application/gzip",
  tgz: "application/gzip",
  tar: "application/x-tar",
  zip: "application/zip",
  parquet: "application/vnd.apache.parquet",
  png: "image/png",
  jpg: "image/jpeg",
  svg: "image/svg+xml",
  js: "text/javascript",
};

function contentTypeOf(uri: string): string {
  const name = uri.slice(uri.lastIndexOf("/") + 1);
  const dot = name.lastIndexOf(".");
  return (dot > 0 ? CONTENT_TYPES[name.slice(dot + 1).toLowerCase()] : undefined) ?? "application/octet-stream";
}

function reply(res: AnyResponse, status: number, message: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", ...extra });
  res.end(`${message}\n`);
}

/** Reads and discards what is left of a refused request body, so the response is not cut off. */
function drain(req: AnyRequest): void {
  req.resume();
  req.on("error", () => undefined);
}
