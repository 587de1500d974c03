import { UserError } from "@flyte-ts/core";
import { literals, types } from "@flyte-ts/idl";
import { badInput, defineType, needData, type EngineType } from "./engine-type.js";
import { describeValue, typeMismatch } from "./errors.js";
import { blobOf, FlyteFile } from "./file.js";
import type { DataAccess, TypeContext } from "./flyte-type.js";
import { baseName, freshName, isRemoteUri, joinUri, relativeTo } from "./paths.js";

/** Options of `new FlyteDirectory(pathOrUri, options)`. */
export interface FlyteDirectoryOptions {
  /** Where a remote URI is read from (set on directories received as inputs). */
  readonly data?: DataAccess;
}

/**
 * A directory: a local folder (uploaded recursively when it leaves a task), a remote prefix
 * (passed through), or files in memory (`FlyteDirectory.fromFiles`). Received directories are
 * lazy: `list()`, `read(name)`, `file(name)` and `download()` fetch on use.
 */
export class FlyteDirectory {
  readonly path: string;
  private readonly data: DataAccess | undefined;
  private files: ReadonlyMap<string, Uint8Array> | undefined;
  private localCopy: string | undefined;

  constructor(path: string, options: FlyteDirectoryOptions = {}) {
    if (path === "") throw new UserError("InvalidDirectory", "a FlyteDirectory needs a path or URI");
    this.path = path;
    this.data = options.data;
  }

  /** A directory held in memory: relative name (`a/b.txt`) → content. */
  static fromFiles(files: Readonly<Record<string, Uint8Array>>, name = "dir"): FlyteDirectory {
    const d = new FlyteDirectory(name);
    d.files = new Map(Object.entries(files));
    return d;
  }

  get isRemote(): boolean {
    return this.files === undefined && isRemoteUri(this.path);
  }

  get name(): string {
    return baseName(this.path);
  }

  /** Relative names of every file in the directory, sorted. */
  async list(): Promise<string[]> {
    if (this.files) return [...this.files.keys()].sort();
    if (this.isRemote) return relativeTo(this.path, await this.remote().list(this.path));
    return (await import("./local-fs.js")).walkLocalDir(this.localCopy ?? this.path);
  }

  /** One file's content, by relative name. */
  async read(name: string): Promise<Uint8Array> {
    if (this.files) {
      const bytes = this.files.get(name);
      if (!bytes) throw new UserError("NotFound", `no file '${name}' in directory ${this.path}`);
      return bytes;
    }
    if (this.isRemote) return this.remote().read(joinUri(this.path, name));
    const fsMod = await import("./local-fs.js");
    return fsMod.readLocalFile(await fsMod.joinLocal(this.localCopy ?? this.path, name));
  }

  /** A FlyteFile for one entry (lazy for remote directories). */
  file(name: string): FlyteFile {
    if (this.isRemote) return new FlyteFile(joinUri(this.path, name), this.data ? { data: this.data } : {});
    if (this.files) {
      const bytes = this.files.get(name);
      if (!bytes) throw new UserError("NotFound", `no file '${name}' in directory ${this.path}`);
      return FlyteFile.fromBytes(bytes, baseName(name));
    }
    return new FlyteFile(joinUri(this.localCopy ?? this.path, name));
  }

  /** A local folder with every file; remote and in-memory directories are written under `data.localDir`. */
  async download(): Promise<string> {
    if (!this.isRemote && !this.files) return this.path;
    if (this.localCopy !== undefined) return this.localCopy;
    const localDir = this.data?.localDir;
    if (!localDir) throw new UserError("NoDataAccess", `cannot download ${this.path}: no local folder configured`);
    const fsMod = await import("./local-fs.js");
    const target = await fsMod.joinLocal(localDir, freshName(), this.name);
    for (const name of await this.list()) {
      await fsMod.writeLocalFile(await fsMod.joinLocal(target, ...name.split("/")), await this.read(name));
    }
    this.localCopy = target;
    return target;
  }

  toString(): string {
    return this.path;
  }

  /** @internal Stores every file under a fresh raw prefix (unless already remote) and gives the prefix. */
  async upload(ctx: TypeContext): Promise<string> {
    if (this.isRemote) return this.path;
    const data = needData(ctx);
    const prefix = data.newRawUri(this.name);
    for (const name of await this.list()) await data.write(joinUri(prefix, name), await this.read(name));
    return prefix;
  }

  private remote(): DataAccess {
    if (!this.data) throw new UserError("NoDataAccess", `cannot read ${this.path}: no data access for this directory`);
    return this.data;
  }
}

/** `t.directory(format?)`: a Blob MULTIPART literal; the value is a FlyteDirectory. */
export function directoryType(format = ""): EngineType<FlyteDirectory> {
  const name = format ? `Directory(${format})` : "Directory";
  const check = (v: unknown, ctx: TypeContext): FlyteDirectory => {
    if (!(v instanceof FlyteDirectory))
      throw typeMismatch(ctx, name, describeValue(v), "wrap paths in new FlyteDirectory(path)");
    return v;
  };
  const received = (uri: string, ctx: TypeContext): FlyteDirectory =>
    new FlyteDirectory(uri, ctx.data ? { data: ctx.data } : {});
  return defineType<FlyteDirectory>({
    name,
    literalType: types.blob(format, "multipart"),
    unionTag: "FlyteDirectory",
    fit: (v) => (v instanceof FlyteDirectory ? 2 : 0),
    toLiteral: async (value, ctx) => literals.blob(await check(value, ctx).upload(ctx), format, "multipart"),
    fromLiteral: (literal, ctx) => received(blobOf(ctx, literal, name, format, true).uri, ctx),
    toPlain: async (value, ctx) => ({ path: await check(value, ctx).upload(ctx) }),
    fromPlain(plain, ctx) {
      const path = typeof plain === "string" ? plain : (plain as { path?: unknown } | null)?.path;
      if (typeof path !== "string") throw typeMismatch(ctx, name, describeValue(plain));
      return received(path, ctx);
    },
    jsonSchema: () => ({
      type: "object",
      title: "FlyteDirectory",
      properties: { path: { type: "string", default: "" } },
      format,
    }),
    parseText: (text) => new FlyteDirectory(text.trim()),
    fromJson(json) {
      const path = typeof json === "string" ? json : (json as { path?: unknown } | null)?.path;
      if (typeof path !== "string" || path === "") throw badInput(`${name} (a path or URI)`, json);
      return new FlyteDirectory(path);
    },
  });
}
