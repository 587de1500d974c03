import { createHash } from "node:crypto";
import { readdir, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fromBinary } from "@bufbuild/protobuf";
import { LaunchPlanSchema } from "@flyte-ts/idl/gen/flyteidl/admin/launch_plan_pb";
import { TaskSpecSchema } from "@flyte-ts/idl/gen/flyteidl/admin/task_pb";
import { WorkflowSpecSchema } from "@flyte-ts/idl/gen/flyteidl/admin/workflow_pb";
import { buildPackage, checkPackage, DEFAULT_IMAGE, type PackageEntry as SdkEntry } from "@flyte-ts/sdk";
import type { CliContext } from "../../context.js";
import { CliError, ExitCode } from "../../exit-codes.js";
import { paint } from "../../output/format.js";
import type { PackageEntry } from "../../package/read-package.js";
import { resolveRemoteConfig, type RemoteFlags } from "../../remote/cli-config.js";
import { openRemote } from "../../remote/remote-client.js";
import { loadModule, type LoadedModule } from "../run/load-entity.js";
import { buildCodeBundle, bundleFolders } from "./code-bundle.js";
import { uploadThroughDataProxy, withCodeBundle } from "./fast-register.js";
import { hydrateEntries } from "./hydrate-ids.js";
import { rawAdmin } from "./raw-admin.js";
import { registerEntities, type RegistrationRow } from "./register-entities.js";
import { registrationOrder } from "./registration-order.js";
import { registrationProgress } from "./registration-report.js";

export interface RegisterCodeOptions extends RemoteFlags {
  version?: string;
  root?: string;
  image?: string;
  dryRun?: boolean;
  output: string;
}

export interface RegisterCodeResult {
  readonly rows: RegistrationRow[];
  readonly version: string;
  /** Native URL of the uploaded bundle ("" on a dry run). */
  readonly bundleUri: string;
  readonly modules: readonly LoadedModule[];
  /** The registered entries (ids hydrated). */
  readonly entries: readonly PackageEntry[];
}

const MODULE = /\.(m?ts|m?js)$/;
const NOT_MODULE = /(\.d\.ts|\.(test|spec)\.[mc]?[tj]s)$/;

/** The module files of the paths: files as given, folders' .ts/.js files (tests and declarations left out). */
async function moduleFiles(paths: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const d of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      if (d.name.startsWith(".") || d.name === "node_modules" || d.name === "dist") continue;
      const p = join(dir, d.name);
      if (d.isDirectory()) await walk(p);
      else if (d.isFile() && MODULE.test(d.name) && !NOT_MODULE.test(d.name)) out.push(p);
    }
  };
  for (const p of paths) {
    const info = await stat(p).catch(() => undefined);
    if (!info) throw new CliError(`no such file or folder: ${p}`, ExitCode.Usage);
    if (info.isDirectory()) await walk(p);
    else out.push(p);
  }
  return out;
}

function copyOf(e: SdkEntry, order: number): PackageEntry {
  switch (e.kind) {
    case "task":
      return { kind: "task", order, file: e.fileName, spec: fromBinary(TaskSpecSchema, e.bytes) };
    case "workflow":
      return { kind: "workflow", order, file: e.fileName, spec: fromBinary(WorkflowSpecSchema, e.bytes) };
    case "launchPlan":
      return { kind: "launchPlan", order, file: e.fileName, spec: fromBinary(LaunchPlanSchema, e.bytes) };
    default: {
      const unknown: never = e;
      return unknown;
    }
  }
}

/**
 * `flyte register code`: packages TypeScript modules (as `flyte package`), uploads their folders
 * as a code bundle through the data proxy, gives the TypeScript tasks the fast-execute prefix and
 * registers everything at `opts.version` (default: a hash of the code and the package).
 */
export async function registerCode(
  paths: readonly string[],
  opts: RegisterCodeOptions,
  ctx: CliContext,
): Promise<RegisterCodeResult> {
  const { io } = ctx;
  const root = resolve(io.cwd, opts.root ?? ".");
  const absolute = paths.map((p) => resolve(io.cwd, p));
  const folders = await bundleFolders(absolute, root);
  const files = await moduleFiles(absolute);
  if (files.length === 0) throw new CliError(`no TypeScript modules in ${paths.join(", ")}`, ExitCode.Usage);
  const modules: LoadedModule[] = [];
  for (const f of files) modules.push(await loadModule(f, root));
  const image = opts.image ?? io.env.FLYTE_DEFAULT_IMAGE ?? DEFAULT_IMAGE;
  const pkg = await buildPackage(modules, { image });
  if (pkg.entries.length === 0)
    throw new CliError(`no tasks, workflows or launch plans are exported by ${paths.join(", ")}`, ExitCode.Usage);
  const check = checkPackage(pkg);
  if (!check.ok) {
    const list = check.errors.map((e) => `  - ${e.fileName}: ${e.message}`).join("\n");
    throw new CliError(`the package does not compile, nothing was registered:\n${list}`, ExitCode.Failed);
  }
  const bundle = await buildCodeBundle(folders, root);
  const digest = createHash("sha256").update(bundle.contentHash);
  for (const e of pkg.entries) digest.update(e.fileName).update(e.bytes);
  const version = opts.version ?? digest.digest("hex").slice(0, 20);
  const entries = pkg.entries.map((e, i) => copyOf(e, i));
  const config = resolveRemoteConfig(opts, io.env, io.cwd);
  let bundleUri = "";
  if (!opts.dryRun) {
    const remote = openRemote(config);
    const name = bundle.contentHash.slice(0, 32);
    bundleUri = await uploadThroughDataProxy(remote, {
      root: name,
      filename: `fast${name}.tar.gz`,
      bytes: bundle.tgz,
      md5: bundle.md5,
    });
    withCodeBundle(entries, bundleUri);
    io.stderr(
      `${paint(io.color, "dim", "uploaded")} ${bundle.files.length} files (${formatBytes(bundle.tgz.byteLength)}) → ${bundleUri}\n`,
    );
  }
  hydrateEntries(entries, { project: config.project, domain: config.domain, version });
  const ordered = registrationOrder(entries);
  const rows = await registerEntities(ordered, {
    admin: rawAdmin(config),
    config,
    dryRun: opts.dryRun === true,
    onRow: registrationProgress(ctx, io.color && Boolean(process.stderr.isTTY)),
  });
  return { rows, version, bundleUri, modules, entries: ordered };
}

const formatBytes = (n: number) =>
  n < 1024 ? `${n} B` : n < 1048576 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1048576).toFixed(1)} MiB`;
