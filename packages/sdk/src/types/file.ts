import { UserError } from "@flyte-ts/core";
import { literals, types } from "@flyte-ts/idl";
import type { Blob, Literal } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { BlobType_BlobDimensionality } from "@flyte-ts/idl/gen/flyteidl/core/types_pb";
import { badInput, defineType, expectScalar, needData, type EngineType } from "./engine-type.js";
import { describeLiteral, describeValue, typeMismatch } from "./errors.js";
import type { DataAccess, TypeContext } from "./flyte-type.js";
import { baseName, freshName, isRemoteUri } from "./paths.js";

/** Options of `new FlyteFile(pathOrUri, options)`. */
export interface FlyteFileOptions {
  /** Where a remote URI is read from (set on files received as inputs). */
  readonly data?: DataAccess;
}

/**
 * A file: a local path (`new FlyteFile("./out.csv")`, uploaded when the file leaves a task), a
 * remote URI (`s3://…`, `file://…`, `memory://…`, passed through), or bytes in memory
 * (`FlyteFile.fromBytes`). Received files are lazy: nothing is fetched until `read()`,
 * `text()` or `download()`.
 */
export class FlyteFile {
  /** The local path or remote URI this file stands for. */
  readonly path: string;
  private readonly data: DataAccess | undefined;
  /** Content given in memory (`fromBytes`). */
  private bytes: Uint8Array | undefined;
  /** Content fetched from storage, kept after the first read. */
  private fetched: Uint8Array | undefined;
  private localCopy: string | undefined;

  constructor(path: string, options: FlyteFileOptions = {}) {
    if (path === "") throw new UserError("InvalidFile", "a FlyteFile needs a path or URI");
    this.path = path;
    this.data = options.data;
  }

  /** A file held in memory; uploaded as `name` under the raw output prefix. */
  static fromBytes(bytes: Uint8Array, name = "file"): FlyteFile {
    const f = new FlyteFile(name);
    f.bytes = bytes;
    return f;
  }

  /** True when `path` is a URI handed to storage rather than a local path. */
  get isRemote(): boolean {
    return this.bytes === undefined && isRemoteUri(this.path);
  }

  /** True for a file created with `fromBytes`. */
  get inMemory(): boolean {
    return this.bytes !== undefined && !isRemoteUri(this.path);
  }

  get name(): string {
    return baseName(this.path);
  }

  /** The file's content (fetched once, then cached). */
  async read(): Promise<Uint8Array> {
    if (this.bytes) return this.bytes;
    if (this.fetched) return this.fetched;
    if (this.localCopy !== undefined) return (await import("./local-fs.js")).readLocalFile(this.localCopy);
    if (this.isRemote) {
      if (!this.data) throw new UserError("NoDataAccess", `cannot read ${this.path}: no data access for this file`);
      this.fetched = await this.data.read(this.path);
      return this.fetched;
    }
    return (await import("./local-fs.js")).readLocalFile(this.path);
  }

  async text(): Promise<string> {
    return new TextDecoder().decode(await this.read());
  }

  /** A local path holding the content; remote and in-memory files are written under `data.localDir`. */
  async download(): Promise<string> {
    if (!this.isRemote && !this.inMemory) return this.path;
    if (this.localCopy !== undefined) return this.localCopy;
    const localDir = this.data?.localDir;
    if (!localDir) throw new UserError("NoDataAccess", `cannot download ${this.path}: no local folder configured`);
    const fsMod = await import("./local-fs.js");
    const target = await fsMod.joinLocal(localDir, freshName(), this.name);
    await fsMod.writeLocalFile(target, await this.read());
    this.localCopy = target;
    return target;
  }

  toString(): string {
    return this.path;
  }

  /** @internal Stores the file if needed and gives its URI. */
  async upload(ctx: TypeContext): Promise<string> {
    if (this.isRemote) return this.path;
    const data = needData(ctx);
    const uri = data.newRawUri(this.name);
    await data.write(uri, this.bytes ?? (await this.read()));
    return uri;
  }
}

/** The Blob of a literal, checked against the expected format and dimensionality. */
export function blobOf(ctx: TypeContext, literal: Literal, expected: string, format: string, multipart: boolean): Blob {
  const blob = expectScalar(literal, "blob", ctx, expected);
  const t = blob.metadata?.type;
  const got = t?.format ?? "";
  if (format !== "" && got !== "" && got !== format) {
    throw typeMismatch(ctx, expected, `${describeLiteral(literal)} of format ${got}`);
  }
  const dim = t?.dimensionality ?? BlobType_BlobDimensionality.SINGLE;
  if ((dim === BlobType_BlobDimensionality.MULTIPART) !== multipart) {
    throw typeMismatch(ctx, expected, `${describeLiteral(literal)} (${multipart ? "a single file" : "a directory"})`);
  }
  return blob;
}

/** `t.file(format?)`: a Blob SINGLE literal; the value is a FlyteFile. */
export function fileType(format = ""): EngineType<FlyteFile> {
  const name = format ? `File(${format})` : "File";
  const check = (v: unknown, ctx: TypeContext): FlyteFile => {
    if (!(v instanceof FlyteFile)) throw typeMismatch(ctx, name, describeValue(v), "wrap paths in new FlyteFile(path)");
    return v;
  };
  const received = (uri: string, ctx: TypeContext): FlyteFile => new FlyteFile(uri, ctx.data ? { data: ctx.data } : {});
  return defineType<FlyteFile>({
    name,
    literalType: types.blob(format, "single"),
    unionTag: "FlyteFilePath",
    fit: (v) => (v instanceof FlyteFile ? 2 : 0),
    toLiteral: async (value, ctx) => literals.blob(await check(value, ctx).upload(ctx), format, "single"),
    fromLiteral: (literal, ctx) => received(blobOf(ctx, literal, name, format, false).uri, ctx),
    toPlain: async (value, ctx) => ({ path: await check(value, ctx).upload(ctx) }),
    fromPlain(plain, ctx) {
      const path = typeof plain === "string" ? plain : (plain as { path?: unknown } | null)?.path;
      if (typeof path !== "string") throw typeMismatch(ctx, name, describeValue(plain));
      return received(path, ctx);
    },
    jsonSchema: () => ({
      type: "object",
      title: "FlyteFile",
      properties: { path: { type: "string", default: "" } },
      format,
    }),
    parseText: (text) => new FlyteFile(text.trim()),
    fromJson(json) {
      const path = typeof json === "string" ? json : (json as { path?: unknown } | null)?.path;
      if (typeof path !== "string" || path === "") throw badInput(`${name} (a path or URI)`, json);
      return new FlyteFile(path);
    },
  });
}
