import { CliError, ExitCode } from "../../exit-codes.js";
import type { PackageEntry } from "../../package/read-package.js";
import type { Remote } from "../../remote/remote-client.js";

/**
 * The task runtime's entrypoints (`@flyte-ts/task-runtime` args/execute-args.ts; the CLI does not
 * depend on the runtime): a bundled attempt is `flyte-fast-execute ... -- flyte-execute ...`.
 */
const FAST_EXECUTE_ENTRYPOINT = "flyte-fast-execute";

/** Entrypoints of TypeScript task templates that can run from a code bundle. */
const BUNDLABLE = new Set(["flyte-execute", "flyte-map-execute"]);

/** Where the worker extracts the bundle (the runtime picks its own folder per bundle; recorded for Flyte's contract). */
export const BUNDLE_DEST_DIR = ".";

/**
 * Uploads `bytes` through DataProxyService.CreateUploadLocation and a PUT to the signed URL;
 * returns the blob's native URL. The location is named by `root` and `filename`, so the same
 * content always lands at the same URI.
 */
export async function uploadThroughDataProxy(
  remote: Remote,
  upload: { root: string; filename: string; bytes: Uint8Array; md5: Uint8Array },
): Promise<string> {
  const { project, domain } = remote.config;
  const loc = await remote.dataProxy.createUploadLocation({
    project,
    domain,
    filename: upload.filename,
    filenameRoot: upload.root,
    contentMd5: upload.md5,
  });
  let res: Response;
  try {
    res = await fetch(loc.signedUrl, {
      method: "PUT",
      headers: { "content-type": "application/octet-stream", ...loc.headers },
      body: upload.bytes,
    });
  } catch (e) {
    throw new CliError(
      `cannot upload ${upload.filename} to ${loc.signedUrl.split("?")[0] ?? ""}: ${e instanceof Error ? e.message : String(e)}`,
      ExitCode.Unreachable,
    );
  }
  if (!res.ok) {
    const text = await res.text().catch(() => "");
    throw new CliError(
      `uploading ${upload.filename} failed: HTTP ${res.status} ${text.slice(0, 300)}`,
      ExitCode.Failed,
    );
  }
  return loc.nativeUrl;
}

/**
 * Points the TypeScript task templates of a package at a code bundle: their container args get
 * the fast-execute prefix the task runtime understands (`flyte-fast-execute
 * --additional-distribution <bundle> --dest-dir <dir> -- flyte-execute ...`). Other templates
 * (raw containers, Python tasks) are left alone. Returns how many were changed.
 */
export function withCodeBundle(entries: readonly PackageEntry[], bundleUri: string): number {
  let n = 0;
  for (const e of entries) {
    if (e.kind !== "task") continue;
    const target = e.spec.template?.target;
    if (target?.case !== "container") continue;
    const c = target.value;
    if (!BUNDLABLE.has(c.args[0] ?? "")) continue;
    c.args = [
      FAST_EXECUTE_ENTRYPOINT,
      "--additional-distribution",
      bundleUri,
      "--dest-dir",
      BUNDLE_DEST_DIR,
      "--",
      ...c.args,
    ];
    n += 1;
  }
  return n;
}
