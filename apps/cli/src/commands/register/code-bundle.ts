import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { create as createTar } from "tar";
import { CliError, ExitCode } from "../../exit-codes.js";

/** The code of a fast registration: a .tar.gz of source files, and hashes that name it. */
export interface CodeBundle {
  /** Paths relative to the root, sorted. */
  readonly files: readonly string[];
  readonly tgz: Uint8Array;
  /** Hex SHA-256 of the files' paths and contents (stable across machines and mtimes). */
  readonly contentHash: string;
  /** MD5 of `tgz` (what the data proxy checks on upload). */
  readonly md5: Uint8Array;
}

/** Folders never bundled: dependencies, build output, VCS and tool state. */
const SKIPPED_DIRS = new Set(["node_modules", "dist", "build", "coverage", "__pycache__"]);

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const d of await readdir(dir, { withFileTypes: true })) {
    if (d.name.startsWith(".") || SKIPPED_DIRS.has(d.name)) continue;
    const p = join(dir, d.name);
    if (d.isDirectory()) out.push(...(await walk(p)));
    else if (d.isFile()) out.push(p);
  }
  return out;
}

/**
 * The folders a registration bundles: each folder given, and the folder of each file given (so
 * the modules next to it that it imports come along). Every one must be inside `root`.
 */
export async function bundleFolders(paths: readonly string[], root: string): Promise<string[]> {
  const dirs = new Set<string>();
  for (const p of paths) {
    const info = await stat(p).catch(() => undefined);
    if (!info) throw new CliError(`no such file or folder: ${p}`, ExitCode.Usage);
    const dir = info.isDirectory() ? p : dirname(p);
    const rel = relative(root, dir);
    if (rel.startsWith("..") || isAbsolute(rel))
      throw new CliError(`${p} is outside the package root ${root} (see --root)`, ExitCode.Usage);
    dirs.add(resolve(dir));
  }
  return [...dirs];
}

/**
 * What the bundle's `package.json` says when the root has none: the SDK is an ES module, so the
 * task modules are loaded as ES modules too (without it Node would load `.ts` files as CommonJS).
 */
const DEFAULT_PACKAGE_JSON = `${JSON.stringify({ type: "module", private: true }, null, 2)}\n`;

/**
 * Packs the files under `folders` (hidden files, node_modules and build output left out) into a
 * gzipped tar with paths relative to `root`, with the root's `package.json` (or a minimal
 * ES-module one) at the top, so the worker loads the modules as they load here. The archive is
 * reproducible (fixed mtimes, no owners), so the same code always uploads the same bytes.
 */
export async function buildCodeBundle(folders: readonly string[], root: string): Promise<CodeBundle> {
  const all = new Set<string>();
  for (const f of folders) for (const p of await walk(f)) all.add(relative(root, p).split(sep).join("/"));
  if (all.size === 0) throw new CliError(`nothing to bundle under ${folders.join(", ")}`, ExitCode.Usage);
  const rootPackage = join(root, "package.json");
  const contents = new Map<string, Uint8Array>();
  contents.set(
    "package.json",
    existsSync(rootPackage)
      ? new Uint8Array(await readFile(rootPackage))
      : new TextEncoder().encode(DEFAULT_PACKAGE_JSON),
  );
  for (const f of all) contents.set(f, new Uint8Array(await readFile(join(root, f))));
  const files = [...contents.keys()].sort();
  const hash = createHash("sha256");
  for (const f of files) {
    const bytes = contents.get(f) ?? new Uint8Array();
    hash.update(`${f}\0${bytes.length}\0`).update(bytes);
  }
  const dir = await mkdtemp(join(tmpdir(), "flyte-bundle-"));
  try {
    const staging = join(dir, "src");
    for (const f of files) {
      const target = join(staging, f);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, contents.get(f) ?? new Uint8Array());
    }
    const file = join(dir, "bundle.tar.gz");
    await createTar({ gzip: true, portable: true, mtime: new Date(0), cwd: staging, file, noDirRecurse: true }, files);
    const tgz = new Uint8Array(await readFile(file));
    return {
      files,
      tgz,
      contentHash: hash.digest("hex"),
      md5: new Uint8Array(createHash("md5").update(tgz).digest()),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
