import { createHash } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import { basename, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { create } from "@bufbuild/protobuf";
import { LiteralMapSchema, type Literal, type LiteralMap } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { DataFrame, FlyteDirectory, FlyteFile, type Entity } from "@flyte-ts/sdk";
import { CliError, ExitCode } from "../../exit-codes.js";
import type { Remote } from "../../remote/remote-client.js";
import { uploadThroughDataProxy } from "../register/fast-register.js";

const md5 = (b: Uint8Array) => new Uint8Array(createHash("md5").update(b).digest());
const local = (uri: string) => (uri.startsWith("file://") ? fileURLToPath(uri) : undefined);

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const d of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, d.name);
    if (d.isDirectory()) out.push(...(await filesUnder(p)));
    else if (d.isFile()) out.push(p);
  }
  return out.sort();
}

/** Uploads a local file or folder through the data proxy (named by its content) and returns its remote URI. */
async function upload(remote: Remote, path: string): Promise<string> {
  const info = await stat(path);
  if (!info.isDirectory()) {
    const bytes = new Uint8Array(await readFile(path));
    const root = createHash("sha256").update(bytes).digest("hex").slice(0, 32);
    return uploadThroughDataProxy(remote, { root, filename: basename(path), bytes, md5: md5(bytes) });
  }
  const files = await filesUnder(path);
  const hash = createHash("sha256");
  const contents: [string, Uint8Array][] = [];
  for (const f of files) {
    const rel = relative(path, f).split(sep).join("/");
    const bytes = new Uint8Array(await readFile(f));
    hash.update(`${rel}\0${bytes.length}\0`).update(bytes);
    contents.push([rel, bytes]);
  }
  const root = hash.digest("hex").slice(0, 32);
  let prefix = "";
  for (const [rel, bytes] of contents) {
    const uri = await uploadThroughDataProxy(remote, { root, filename: rel, bytes, md5: md5(bytes) });
    prefix = uri.slice(0, uri.length - rel.length - 1);
  }
  if (prefix === "") throw new CliError(`${path} is an empty folder: nothing to upload`, ExitCode.Usage);
  return prefix;
}

/** Replaces local files, folders and dataframes in a value by uploaded copies. */
async function uploadLocal(remote: Remote, value: unknown): Promise<unknown> {
  if (value instanceof FlyteFile) {
    const path = local(value.path);
    return path === undefined ? value : new FlyteFile(await upload(remote, path));
  }
  if (value instanceof FlyteDirectory) {
    const path = local(value.path);
    return path === undefined ? value : new FlyteDirectory(await upload(remote, path));
  }
  if (value instanceof DataFrame && !value.isLoaded && value.uri !== undefined) {
    const path = local(value.uri);
    return path === undefined ? value : DataFrame.fromUri(await upload(remote, path));
  }
  if (Array.isArray(value)) return Promise.all(value.map((v) => uploadLocal(remote, v)));
  if (value instanceof Map) {
    const out = new Map<unknown, unknown>();
    for (const [k, v] of value) out.set(k, await uploadLocal(remote, v));
    return out;
  }
  if (typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = await uploadLocal(remote, v);
    return out;
  }
  return value;
}

/**
 * Input values of a remote run as a LiteralMap, by the entity's types: local files, folders and
 * dataframes are uploaded through the data proxy first (the server cannot read the user's disk).
 */
export async function remoteInputs(
  remote: Remote,
  entity: Entity,
  values: Readonly<Record<string, unknown>>,
): Promise<LiteralMap> {
  const literals: Record<string, Literal> = {};
  for (const [name, value] of Object.entries(values)) {
    const type = entity.iface.inputs[name];
    if (!type) continue;
    const what = `input '${name}' of ${entity.label}`;
    const uploaded = await uploadLocal(remote, value);
    try {
      literals[name] = await type.toLiteral(uploaded, { what });
    } catch (e) {
      throw new CliError(
        `${what} (expected ${type.name}): ${e instanceof Error ? e.message : String(e)}`,
        ExitCode.Usage,
      );
    }
  }
  return create(LiteralMapSchema, { literals });
}
