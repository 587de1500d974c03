import { fromBinary } from "@bufbuild/protobuf";
import { LaunchPlanSchema, type LaunchPlan } from "@flyte-ts/idl/gen/flyteidl/admin/launch_plan_pb";
import { TaskSpecSchema, type TaskSpec } from "@flyte-ts/idl/gen/flyteidl/admin/task_pb";
import { WorkflowSpecSchema, type WorkflowSpec } from "@flyte-ts/idl/gen/flyteidl/admin/workflow_pb";
import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join, relative } from "node:path";
import { extract } from "tar";
import { CliError, ExitCode } from "../exit-codes.js";

/** One entity file of a Flyte package (`NNN_<name>_1.pb` task, `_2.pb` workflow, `_3.pb` launch plan). */
export type PackageEntry =
  | { kind: "task"; order: number; file: string; spec: TaskSpec }
  | { kind: "workflow"; order: number; file: string; spec: WorkflowSpec }
  | { kind: "launchPlan"; order: number; file: string; spec: LaunchPlan };

export interface FlytePackage {
  source: string;
  entries: PackageEntry[];
}

const entryPattern = /^(\d+)_(.+)_([123])\.pb$/;

/**
 * Reads a Flyte package from a folder or a .tgz, as `pyflyte package` / `flyte package` write it.
 * Entries come back in file order (the order registration must follow). Files that are not entity
 * files (e.g. a fast-register source bundle) are ignored.
 */
export async function readFlytePackage(path: string): Promise<FlytePackage> {
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new CliError(`package not found: ${path}`, ExitCode.Usage);
  }
  if (info.isDirectory()) return { source: path, entries: await readFolder(path) };
  if (!/\.(tgz|tar\.gz|tar)$/.test(path)) {
    throw new CliError(`${path} is neither a folder nor a .tgz/.tar.gz package`, ExitCode.Usage);
  }
  const dir = await mkdtemp(join(tmpdir(), "flyte-pkg-"));
  try {
    try {
      await extract({ file: path, cwd: dir, strict: true });
    } catch (e) {
      throw new CliError(`cannot unpack ${path}: ${e instanceof Error ? e.message : String(e)}`, ExitCode.Usage);
    }
    const entries = await readFolder(dir);
    for (const entry of entries) entry.file = join(path, relative(dir, entry.file));
    return { source: path, entries };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const d of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, d.name);
    if (d.isDirectory()) out.push(...(await listFiles(p)));
    else if (d.isFile()) out.push(p);
  }
  return out;
}

async function readFolder(dir: string): Promise<PackageEntry[]> {
  const files = (await listFiles(dir))
    .map((file) => ({ file, m: entryPattern.exec(basename(file)) }))
    .filter((f): f is { file: string; m: RegExpExecArray } => f.m !== null)
    .sort((a, b) => Number(a.m[1]) - Number(b.m[1]) || a.file.localeCompare(b.file));
  if (files.length === 0) {
    throw new CliError(
      `no entity files in ${dir}: a Flyte package holds NNN_<name>_1.pb (task), _2.pb (workflow) and _3.pb (launch plan) files`,
      ExitCode.Usage,
    );
  }
  const entries: PackageEntry[] = [];
  for (const { file, m } of files) {
    const bytes = await readFile(file);
    const order = Number(m[1]);
    const kind = m[3] as "1" | "2" | "3";
    try {
      switch (kind) {
        case "1":
          entries.push({ kind: "task", order, file, spec: fromBinary(TaskSpecSchema, bytes) });
          break;
        case "2":
          entries.push({ kind: "workflow", order, file, spec: fromBinary(WorkflowSpecSchema, bytes) });
          break;
        case "3":
          entries.push({ kind: "launchPlan", order, file, spec: fromBinary(LaunchPlanSchema, bytes) });
      }
    } catch (e) {
      const kinds: Record<string, string> = { "1": "TaskSpec", "2": "WorkflowSpec", "3": "LaunchPlan" };
      throw new CliError(
        `${file} is not a valid ${kinds[m[3] ?? ""] ?? "entity"} protobuf: ${e instanceof Error ? e.message : String(e)}`,
        ExitCode.Failed,
      );
    }
  }
  return entries;
}
