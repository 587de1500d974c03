import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fromBinary } from "@bufbuild/protobuf";
import * as tar from "tar";
import { LaunchPlanSchema } from "@flyte-ts/idl/gen/flyteidl/admin/launch_plan_pb";
import { TaskSpecSchema } from "@flyte-ts/idl/gen/flyteidl/admin/task_pb";
import { WorkflowSpecSchema } from "@flyte-ts/idl/gen/flyteidl/admin/workflow_pb";
import type { PackageEntry } from "./package.js";

/** Writes the package files into `dir` (created if missing). Returns the file paths. */
export async function writePackageDir(entries: readonly PackageEntry[], dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const paths: string[] = [];
  for (const e of entries) {
    const path = join(dir, e.fileName);
    await writeFile(path, e.bytes);
    paths.push(path);
  }
  return paths;
}

/** Writes the package files as a gzipped tar archive (what `flytectl register files` reads). */
export async function writePackageTgz(entries: readonly PackageEntry[], file: string): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "flyte-package-"));
  try {
    await writePackageDir(entries, dir);
    await tar.create(
      { gzip: true, file, cwd: dir, portable: true, noMtime: true },
      entries.map((e) => e.fileName),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A package file read back: its name, and its decoded message by kind (`_1` task, `_2` workflow, `_3` launch plan). */
export type ReadEntry = Omit<PackageEntry, "name">;

/** Reads a package archive (or folder) and decodes every `.pb` file by its suffix. */
export async function readPackage(pathOrDir: string): Promise<ReadEntry[]> {
  let dir = pathOrDir;
  let cleanup: string | undefined;
  if (/\.(tgz|tar\.gz|tar)$/.test(pathOrDir)) {
    cleanup = dir = await mkdtemp(join(tmpdir(), "flyte-package-read-"));
    await tar.extract({ file: pathOrDir, cwd: dir });
  }
  try {
    const files = (await readdir(dir)).filter((f) => f.endsWith(".pb")).sort();
    const out: ReadEntry[] = [];
    for (const f of files) {
      const bytes = new Uint8Array(await readFile(join(dir, f)));
      const fileName = basename(f);
      if (f.endsWith("_1.pb")) out.push({ fileName, kind: "task", message: fromBinary(TaskSpecSchema, bytes), bytes });
      else if (f.endsWith("_2.pb"))
        out.push({ fileName, kind: "workflow", message: fromBinary(WorkflowSpecSchema, bytes), bytes });
      else if (f.endsWith("_3.pb"))
        out.push({ fileName, kind: "launchPlan", message: fromBinary(LaunchPlanSchema, bytes), bytes });
    }
    return out;
  } finally {
    if (cleanup) await rm(cleanup, { recursive: true, force: true });
  }
}
