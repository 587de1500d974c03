import { mkdir, copyFile, cp, stat, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { toBinary, toJson, type JsonValue } from "@bufbuild/protobuf";
import {
  LiteralMapSchema,
  LiteralSchema,
  type Literal,
  type LiteralMap,
} from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { protoJsonOptions } from "@flyte-ts/idl";
import type { BlobStore } from "@flyte-ts/storage";
import { literalToText } from "./literal-text.js";

export type DataFormat = "json" | "yaml" | "proto";

export interface MaterializeOptions {
  readonly blobs: BlobStore;
  readonly inputs: LiteralMap;
  /** The local directory the task sees as its input path. */
  readonly dir: string;
  readonly format: DataFormat;
  /** The path the task sees for `dir` (blob paths in inputs.json use it); default `dir`. */
  readonly visibleDir?: string;
}

/**
 * Writes inputs the way copilot's downloader does: `<dir>/<var>` per input (primitives as text,
 * files and directories downloaded, lists and maps as directories of items), `inputs.pb` always,
 * and `inputs.json` or `inputs.yaml` (JSON is valid YAML) with plain values for JSON/YAML formats.
 */
export async function materializeInputs(o: MaterializeOptions): Promise<void> {
  await mkdir(o.dir, { recursive: true });
  const plain: Record<string, JsonValue> = {};
  for (const [name, lit] of Object.entries(o.inputs.literals)) {
    plain[name] = await writeLiteral(o, lit, join(o.dir, name), join(o.visibleDir ?? o.dir, name));
  }
  await writeFile(join(o.dir, "inputs.pb"), toBinary(LiteralMapSchema, o.inputs));
  if (o.format !== "proto") {
    await writeFile(join(o.dir, o.format === "json" ? "inputs.json" : "inputs.yaml"), JSON.stringify(plain, null, 2));
  }
}

async function writeLiteral(o: MaterializeOptions, lit: Literal, path: string, visible: string): Promise<JsonValue> {
  const v = lit.value;
  if (v.case === "collection") {
    await mkdir(path, { recursive: true });
    const items: JsonValue[] = [];
    for (const [i, item] of v.value.literals.entries()) {
      items.push(await writeLiteral(o, item, join(path, String(i)), join(visible, String(i))));
    }
    return items;
  }
  if (v.case === "map") {
    await mkdir(path, { recursive: true });
    const entries: Record<string, JsonValue> = {};
    for (const [k, item] of Object.entries(v.value.literals)) {
      entries[k] = await writeLiteral(o, item, join(path, k), join(visible, k));
    }
    return entries;
  }
  if (v.case !== "scalar") {
    return toJson(LiteralSchema, lit, protoJsonOptions);
  }
  const s = v.value.value;
  switch (s.case) {
    case "primitive": {
      const text = literalToText(lit) ?? "";
      await writeFile(path, text);
      return plainPrimitive(lit, text);
    }
    case "blob":
    case "structuredDataset":
      await download(o.blobs, s.value.uri, path);
      return visible;
    case "binary":
      await writeFile(path, s.value.value);
      return Buffer.from(s.value.value).toString("base64");
    case "generic":
      await writeFile(path, JSON.stringify(s.value));
      return s.value;
    case "noneType":
      await writeFile(path, "");
      return null;
    case "union":
      return s.value.value ? writeLiteral(o, s.value.value, path, visible) : null;
    case "schema":
    case "error":
    case undefined:
      return toJson(LiteralSchema, lit, protoJsonOptions);
    default:
      return exhaustive(s);
  }
}

function plainPrimitive(lit: Literal, text: string): JsonValue {
  const p =
    lit.value.case === "scalar" && lit.value.value.value.case === "primitive" ? lit.value.value.value.value : undefined;
  if (!p) return text;
  switch (p.value.case) {
    case "integer": {
      const n = p.value.value;
      return n <= BigInt(Number.MAX_SAFE_INTEGER) && n >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(n) : text;
    }
    case "floatValue":
      return Number.isFinite(p.value.value) ? p.value.value : text;
    case "boolean":
      return p.value.value;
    case "stringValue":
    case "datetime":
    case "duration":
    case undefined:
      return text;
    default:
      return exhaustive(p.value);
  }
}

/** Downloads a blob (single object, or every object under `<uri>/`) to `path`. */
async function download(blobs: BlobStore, uri: string, path: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  if (blobs.contains(uri)) {
    if (await blobs.head(uri)) {
      await writeFile(path, await blobs.read(uri));
      return;
    }
    const prefix = uri.endsWith("/") ? uri : `${uri}/`;
    let found = false;
    for await (const info of blobs.list(prefix)) {
      found = true;
      const target = join(path, ...info.uri.slice(prefix.length).split("/"));
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, await blobs.read(info.uri));
    }
    if (!found) throw new Error(`nothing is stored at ${uri}`);
    return;
  }
  const local = uri.startsWith("file://") ? fileURLToPath(uri) : uri.startsWith("/") ? uri : undefined;
  if (local === undefined) throw new Error(`cannot download ${uri}: it is outside the configured storage`);
  const st = await stat(local);
  if (st.isDirectory()) await cp(local, path, { recursive: true });
  else await copyFile(local, path);
}

function exhaustive(x: never): never {
  throw new Error(`unhandled literal ${JSON.stringify(x)}`);
}
