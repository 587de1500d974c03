import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, rename, rm, symlink, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { SystemError } from "@flyte-ts/core";
import type { BlobStore } from "@flyte-ts/storage";
import { extract } from "tar";

/** Marks an extracted bundle; holds the bundle URI, so another bundle in the same dir is re-extracted. */
const MARKER = ".flyte-bundle";

/**
 * Makes the fast-registered code bundle `uri` (a `.tar.gz`) available in `destDir` and returns the
 * directory. Already extracted (same URI) → nothing to do. A fresh dir is filled through a
 * temporary sibling and renamed into place, so concurrent workers never see half a bundle.
 * When the bundle has no `node_modules`, one is linked to the runtime's own, so the user's
 * `import ... from "@flyte-ts/sdk"` resolves to the SDK installed with the runtime.
 */
export async function ensureBundle(store: BlobStore, uri: string, destDir: string): Promise<string> {
  const dir = resolve(destDir);
  if (await alreadyExtracted(dir, uri)) return dir;
  const bytes = await store.read(uri);
  const fresh = !existsSync(dir);
  const target = fresh ? `${dir}.tmp-${process.pid}-${randomBytes(4).toString("hex")}` : dir;
  await mkdir(target, { recursive: true });
  const archive = join(target, `${MARKER}.tar.gz`);
  try {
    await writeFile(archive, bytes);
    await extract({ file: archive, cwd: target, strict: true });
  } catch (e) {
    if (fresh) await rm(target, { recursive: true, force: true });
    throw new SystemError("BundleExtractFailed", `cannot extract code bundle ${uri} into ${dir}: ${String(e)}`, {
      retryable: false,
      details: { uri, destDir: dir },
      cause: e,
    });
  } finally {
    await rm(archive, { force: true });
  }
  await linkNodeModules(target);
  await writeFile(join(target, MARKER), uri);
  if (fresh) {
    try {
      await rename(target, dir);
    } catch (e) {
      await rm(target, { recursive: true, force: true });
      if (!(await alreadyExtracted(dir, uri))) throw e;
    }
  }
  return dir;
}

async function alreadyExtracted(dir: string, uri: string): Promise<boolean> {
  try {
    return (await readFile(join(dir, MARKER), "utf8")) === uri;
  } catch {
    return false;
  }
}

async function linkNodeModules(dir: string): Promise<void> {
  const link = join(dir, "node_modules");
  if (existsSync(link)) return;
  const own = runtimeNodeModules();
  if (own) await symlink(own, link, "dir");
}

/** The `node_modules` folder this runtime's `@flyte-ts/sdk` is installed in. */
export function runtimeNodeModules(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, "node_modules");
    if (existsSync(join(candidate, "@flyte-ts", "sdk"))) return candidate;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}
