import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { extract, list } from "tar";
import { CliError, ExitCode } from "../../exit-codes.js";
import type { PackageEntry } from "../../package/read-package.js";
import type { Remote } from "../../remote/remote-client.js";
import { uploadThroughDataProxy } from "./fast-register.js";

/** The source archive `pyflyte package --fast` / `flyte package` put next to the entity files. */
const BUNDLE_NAME = /^fast.*\.tar\.gz$/;
const REMOTE_PACKAGE_PATH = /\{\{\s*\.remote_package_path\s*\}\}/g;
const DEST_DIR = /\{\{\s*\.dest_dir\s*\}\}/g;

/** The fast-registration source archive of a package (folder or .tgz), if it has one. */
export async function findSourceBundle(path: string): Promise<{ name: string; bytes: Uint8Array } | undefined> {
  const info = await stat(path);
  if (info.isDirectory()) {
    const name = (await readdir(path)).sort().find((f) => BUNDLE_NAME.test(f));
    return name ? { name, bytes: new Uint8Array(await readFile(join(path, name))) } : undefined;
  }
  let found: string | undefined;
  await list({
    file: path,
    onReadEntry: (e) => void (found ??= BUNDLE_NAME.test(basename(e.path)) ? e.path : undefined),
  });
  if (found === undefined) return undefined;
  const entry = found;
  const dir = await mkdtemp(join(tmpdir(), "flyte-pkg-src-"));
  try {
    await extract({ file: path, cwd: dir, filter: (p) => p === entry });
    return { name: basename(entry), bytes: new Uint8Array(await readFile(join(dir, entry))) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const usesPlaceholder = (e: PackageEntry): boolean =>
  e.kind === "task" &&
  e.spec.template?.target.case === "container" &&
  e.spec.template.target.value.args.some((a) => new RegExp(REMOTE_PACKAGE_PATH.source).test(a));

/**
 * Fast registration of a package written with its source archive (as flytectl does it): the
 * archive is uploaded through the data proxy and `{{ .remote_package_path }}` / `{{ .dest_dir }}`
 * in task command lines become its URI and `destDir`. Returns the URI, or undefined when no task
 * asks for it. A package whose tasks ask for it without an archive is an error.
 */
export async function fastRegisterPackage(
  pkgPath: string,
  entries: readonly PackageEntry[],
  o: { remote: Remote | undefined; destDir: string },
): Promise<string | undefined> {
  const needing = entries.filter(usesPlaceholder);
  if (needing.length === 0) return undefined;
  const bundle = await findSourceBundle(pkgPath);
  if (!bundle)
    throw new CliError(
      `${pkgPath}: ${needing.length} task(s) run from a fast-registration archive ({{ .remote_package_path }}) but the package has no fast*.tar.gz: package it again with its sources`,
      ExitCode.Usage,
    );
  const uri = o.remote
    ? await uploadThroughDataProxy(o.remote, {
        root: createHash("sha256").update(bundle.bytes).digest("hex").slice(0, 32),
        filename: bundle.name,
        bytes: bundle.bytes,
        md5: new Uint8Array(createHash("md5").update(bundle.bytes).digest()),
      })
    : `(dry run: ${bundle.name} is not uploaded)`;
  for (const e of needing) {
    if (e.kind !== "task" || e.spec.template?.target.case !== "container") continue;
    const c = e.spec.template.target.value;
    c.args = c.args.map((a) => a.replace(REMOTE_PACKAGE_PATH, uri).replace(DEST_DIR, o.destDir));
  }
  return uri;
}
