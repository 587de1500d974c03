import { createReadStream } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { create } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { literals, typeToString } from "@flyte-ts/idl";
import {
  ContainerError_Kind,
  ContainerErrorSchema,
  ErrorDocumentSchema,
} from "@flyte-ts/idl/gen/flyteidl/core/errors_pb";
import { ExecutionError_ErrorKind } from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";
import type { VariableMap } from "@flyte-ts/idl/gen/flyteidl/core/interface_pb";
import { LiteralMapSchema, type Literal } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { BlobType_BlobDimensionality, type LiteralType } from "@flyte-ts/idl/gen/flyteidl/core/types_pb";
import { joinUri, writeProto, type BlobStore, type NodeAttemptPaths } from "@flyte-ts/storage";
import { ContainerErrorCode } from "./container-error-code.js";
import { parseSimpleText } from "./literal-text.js";

/** Largest simple-type output file copilot reads (1 KiB). */
export const MAX_SIMPLE_OUTPUT_BYTES = 1024;

/** Outputs whose type copilot cannot read from a file: only simple types and blobs are supported. */
export function unsupportedOutputs(outputs: VariableMap | undefined): string[] {
  return Object.entries(outputs?.variables ?? {})
    .filter(([, v]) => !v.type || (v.type.type.case !== "simple" && v.type.type.case !== "blob"))
    .map(([name, v]) => `${name} (${v.type ? typeToString(v.type) : "untyped"})`);
}

export interface CollectOptions {
  readonly blobs: BlobStore;
  readonly outputs: VariableMap | undefined;
  /** The local directory the task wrote its outputs into. */
  readonly dir: string;
  readonly paths: NodeAttemptPaths;
  readonly rawOutputPrefix: string;
  readonly worker: string;
}

export type CollectResult =
  { readonly ok: true } | { readonly ok: false; readonly code: string; readonly message: string };

/**
 * What copilot's uploader does after the task exits: `_ERROR` → error document (USER); otherwise
 * each declared output is read from `<dir>/<var>` (simple types parsed, blobs uploaded to
 * `<rawOutputPrefix>/<var>`) into `outputs.pb`. A missing or unreadable output or a failed upload
 * writes a recoverable error document (`OutputUploadFailed`) to `error.pb`.
 */
export async function collectOutputs(o: CollectOptions): Promise<CollectResult> {
  const userError = await readIfExists(join(o.dir, "_ERROR"));
  if (userError !== undefined) {
    const message = `the task wrote _ERROR: ${userError.toString("utf8").trim()}`;
    await writeError(o, ContainerErrorCode.UserError, message, ExecutionError_ErrorKind.USER, false);
    return { ok: false, code: ContainerErrorCode.UserError, message };
  }
  const out: Record<string, Literal> = {};
  for (const [name, variable] of Object.entries(o.outputs?.variables ?? {})) {
    try {
      if (!variable.type) throw new Error("the output has no type");
      out[name] = await readOutput(o, name, variable.type);
    } catch (e) {
      const message = `output '${name}': ${e instanceof Error ? e.message : String(e)}`;
      await writeError(o, ContainerErrorCode.OutputUploadFailed, message, ExecutionError_ErrorKind.USER, true);
      return { ok: false, code: ContainerErrorCode.OutputUploadFailed, message };
    }
  }
  await writeProto(o.blobs, o.paths.outputs, LiteralMapSchema, create(LiteralMapSchema, { literals: out }));
  return { ok: true };
}

async function readOutput(o: CollectOptions, name: string, type: LiteralType): Promise<Literal> {
  const path = join(o.dir, name);
  const st = await stat(path).catch(() => undefined);
  if (!st) throw new Error(`the task did not write ${path}`);
  const t = type.type;
  switch (t.case) {
    case "simple": {
      if (!st.isFile()) throw new Error(`${path} is not a file`);
      if (st.size > MAX_SIMPLE_OUTPUT_BYTES) {
        throw new Error(`${path} has ${st.size} bytes; simple outputs are read from files of at most 1 KiB`);
      }
      return parseSimpleText(t.value, (await readFile(path)).toString("utf8"));
    }
    case "blob": {
      const multipart = t.value.dimensionality === BlobType_BlobDimensionality.MULTIPART;
      const target = joinUri(o.rawOutputPrefix, name);
      if (multipart !== st.isDirectory()) {
        throw new Error(`${path} must be a ${multipart ? "directory" : "file"} for type ${typeToString(type)}`);
      }
      if (multipart) await uploadDir(o.blobs, path, target);
      else await o.blobs.write(target, createReadStream(path));
      return literals.blob(target, t.value.format, multipart ? "multipart" : "single");
    }
    case "collectionType":
    case "mapValueType":
    case "enumType":
    case "unionType":
    case "schema":
    case "structuredDatasetType":
    case undefined:
      throw new Error(`type ${typeToString(type)} cannot be read from a file (only simple types and blobs)`);
    default:
      return exhaustive(t);
  }
}

async function uploadDir(blobs: BlobStore, dir: string, target: string): Promise<void> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  for (const e of entries) {
    if (!e.isFile()) continue;
    const full = join(e.parentPath, e.name);
    await blobs.write(joinUri(target, ...relative(dir, full).split(sep)), createReadStream(full));
  }
}

async function writeError(
  o: CollectOptions,
  code: string,
  message: string,
  origin: ExecutionError_ErrorKind,
  recoverable: boolean,
): Promise<void> {
  const doc = create(ErrorDocumentSchema, {
    error: create(ContainerErrorSchema, {
      code,
      message,
      kind: recoverable ? ContainerError_Kind.RECOVERABLE : ContainerError_Kind.NON_RECOVERABLE,
      origin,
      timestamp: timestampFromMs(Date.now()),
      worker: o.worker,
    }),
  });
  await writeProto(o.blobs, o.paths.error, ErrorDocumentSchema, doc);
}

async function readIfExists(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch {
    return undefined;
  }
}

function exhaustive(x: never): never {
  throw new Error(`unhandled type ${JSON.stringify(x)}`);
}
