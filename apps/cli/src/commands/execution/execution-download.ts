import { cp, mkdir, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { CliError, ExitCode } from "../../exit-codes.js";
import type { Remote } from "../../remote/remote-client.js";
import type { OutputBlob } from "./output-literals.js";

/** What `execution outputs --out` wrote for one blob. */
export interface DownloadedBlob {
  readonly output: string;
  readonly uri: string;
  /** Local path, or undefined when it could not be fetched (`reason` says why). */
  readonly path?: string;
  readonly reason?: string;
}

const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^_+|_+$/g, "") || "output";

/**
 * Downloads the blobs of an execution's outputs into `dir`: a single file through a signed URL
 * of the data proxy (CreateDownloadLocation), to `<dir>/<output>/<file name>`; a folder
 * (multipart blob, dataframe) by copying it when its `file://` URI is readable on this machine
 * (the data proxy has no listing), otherwise it is reported with its URI.
 */
export async function downloadBlobs(
  remote: Remote,
  blobs: readonly OutputBlob[],
  dir: string,
): Promise<DownloadedBlob[]> {
  const out: DownloadedBlob[] = [];
  for (const b of blobs) {
    const target = join(dir, safe(b.path));
    if (b.multipart) {
      const local = b.uri.startsWith("file://") ? fileURLToPath(b.uri) : undefined;
      if (local && existsSync(local)) {
        await cp(local, target, { recursive: true });
        out.push({ output: b.path, uri: b.uri, path: target });
      } else
        out.push({
          output: b.path,
          uri: b.uri,
          reason: "a folder on remote storage: fetch it with your storage tools",
        });
      continue;
    }
    const loc = await remote.dataProxy.createDownloadLocation({ nativeUrl: b.uri });
    let res: Response;
    try {
      res = await fetch(loc.signedUrl);
    } catch (e) {
      throw new CliError(
        `cannot download ${b.uri}: ${e instanceof Error ? e.message : String(e)}`,
        ExitCode.Unreachable,
      );
    }
    if (!res.ok) {
      out.push({ output: b.path, uri: b.uri, reason: `HTTP ${res.status}` });
      continue;
    }
    await mkdir(target, { recursive: true });
    const file = join(target, basename(new URL(b.uri).pathname) || "data");
    await writeFile(file, new Uint8Array(await res.arrayBuffer()));
    out.push({ output: b.path, uri: b.uri, path: resolve(file) });
  }
  return out;
}
