import { createHash, randomBytes } from "node:crypto";
import { create } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { AlreadyExistsError } from "@flyte-ts/core";
import {
  CreateUploadLocationResponseSchema,
  type CreateUploadLocationRequest,
  type CreateUploadLocationResponse,
} from "@flyte-ts/idl/gen/flyteidl/service/dataproxy_pb";
import { joinUri } from "@flyte-ts/storage";
import { Violations } from "../validation/request-errors.js";
import { expiresInSec, keyProblem, signedUrlFor, type DataProxyContext } from "./data-proxy-context.js";

/** Length of the generated file name when the request names none (Flyte's default). */
const DEFAULT_FILENAME_LENGTH = 20;

/**
 * CreateUploadLocation: a signed PUT URL for
 * `<uploadPrefix>/<project>/<domain>/<filename_root or base32(content_md5)>/<filename>`.
 * A deterministic location (filename and filename_root given) that already holds a blob is only
 * handed out again when content_md5 matches what is stored (ALREADY_EXISTS otherwise).
 */
export async function createUploadLocation(
  ctx: DataProxyContext,
  req: CreateUploadLocationRequest,
): Promise<CreateUploadLocationResponse> {
  const v = new Violations();
  if (req.project.trim() === "") v.missing("project");
  if (req.domain.trim() === "") v.missing("domain");
  if (req.contentMd5.length === 0 && req.filenameRoot === "") {
    v.missing("content_md5", "content_md5 is required (or filename_root)");
  } else if (req.contentMd5.length !== 0 && req.contentMd5.length !== 16) {
    v.invalid("content_md5", `content_md5 must be the 16 bytes of an MD5 digest, got ${req.contentMd5.length}`);
  }
  checkPart(v, "project", req.project);
  checkPart(v, "domain", req.domain);
  if (req.filenameRoot !== "") checkPart(v, "filename_root", req.filenameRoot);
  if (req.filename !== "") checkPart(v, "filename", req.filename);
  v.throwIfAny("CreateUploadLocation request");
  const expires = expiresInSec(req.expiresIn, ctx.maxUploadExpiresSec);
  const md5 = Buffer.from(req.contentMd5).toString("base64");
  const root = req.filenameRoot !== "" ? req.filenameRoot : base32(req.contentMd5);
  const filename = req.filename !== "" ? req.filename : randomName(DEFAULT_FILENAME_LENGTH);
  const nativeUrl = joinUri(ctx.uploadPrefix, req.project, req.domain, root, filename);
  if (req.filename !== "" && req.filenameRoot !== "") await checkExisting(ctx, nativeUrl, md5);
  const signedUrl = await signedUrlFor(ctx, nativeUrl, "PUT", expires, md5);
  return create(CreateUploadLocationResponseSchema, {
    signedUrl,
    nativeUrl,
    expiresAt: timestampFromMs(ctx.now() + expires * 1000),
    headers: md5 === "" ? {} : { "Content-MD5": md5 },
  });
}

function checkPart(v: Violations, field: string, value: string): void {
  const problem = keyProblem(value);
  if (problem !== undefined && value !== "") v.invalid(field, `${field} ${JSON.stringify(value)} ${problem}`);
}

async function checkExisting(ctx: DataProxyContext, uri: string, md5: string): Promise<void> {
  const info = await ctx.blobs.head(uri);
  if (info === undefined) return;
  const hint = "specify a matching content_md5 to get the location again";
  if (md5 === "") throw exists(`a file already exists at ${uri}; ${hint}`, uri);
  const hash = createHash("md5");
  for await (const chunk of await ctx.blobs.readStream(uri)) hash.update(chunk as Buffer);
  if (hash.digest("base64") !== md5) throw exists(`a different file already exists at ${uri}; ${hint}`, uri);
}

const exists = (message: string, uri: string) =>
  new AlreadyExistsError(message, { code: "UploadLocationExists", details: { uri } });

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** RFC 4648 base32 with padding (Go's `base32.StdEncoding`), as Flyte names content-addressed uploads. */
export function base32(bytes: Uint8Array): string {
  let out = "";
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  while (out.length % 8 !== 0) out += "=";
  return out;
}

function randomName(length: number): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  return [...randomBytes(length)].map((b) => alphabet[b % alphabet.length]).join("");
}
