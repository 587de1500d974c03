import { existsSync, statSync } from "node:fs";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";
import type { Command } from "commander";
import type * as Sdk from "@flyte-ts/sdk";
import type { CliContext } from "../context.js";
import { CliError, ExitCode } from "../exit-codes.js";
import { paint, renderTable } from "../output/format.js";

interface PackageOptions {
  output: string;
  image?: string;
  root?: string;
  check: boolean;
}

/**
 * `flyte package <file.ts...> -o pkg.tgz`: loads TypeScript modules, serializes every exported
 * task, workflow and launch plan (and what they use) into a Flyte package, checks that it compiles,
 * and writes it as a .tgz archive (or a folder when the output is not a .tgz).
 */
export function registerPackage(program: Command, ctx: CliContext): void {
  program
    .command("package")
    .description("Serialize the tasks, workflows and launch plans of TypeScript files into a Flyte package")
    .argument("<files...>", "TypeScript modules whose exports are packaged")
    .option("-o, --output <path>", "the package to write: a .tgz archive, or a folder", "flyte-package.tgz")
    .option(
      "--image <image>",
      "container image of tasks that do not set one (default: $FLYTE_DEFAULT_IMAGE or the SDK's)",
    )
    .option("--root <dir>", "package root: task modules are recorded relative to it (default: the current directory)")
    .option("--no-check", "skip compiling the package before writing it")
    .action(async (files: string[], opts: PackageOptions) => {
      await runPackage(files, opts, ctx);
    });
}

async function runPackage(files: readonly string[], opts: PackageOptions, ctx: CliContext): Promise<void> {
  const { io } = ctx;
  const root = resolve(io.cwd, opts.root ?? ".");
  const paths = files.map((f) => resolve(io.cwd, f));
  for (const [i, p] of paths.entries()) {
    if (!existsSync(p) || !statSync(p).isFile()) throw new CliError(`no such file: ${files[i] ?? p}`, ExitCode.Usage);
    const rel = relative(root, p);
    if (rel.startsWith("..") || isAbsolute(rel))
      throw new CliError(`${files[i] ?? p} is outside the package root ${root} (see --root)`, ExitCode.Usage);
  }
  const { sdk, modules } = await loadModules(paths, root);
  const image = opts.image ?? io.env.FLYTE_DEFAULT_IMAGE ?? sdk.DEFAULT_IMAGE;
  const pkg = await sdk.buildPackage(modules, { image });
  if (pkg.entries.length === 0)
    throw new CliError(`no tasks, workflows or launch plans are exported by ${files.join(", ")}`, ExitCode.Usage);
  if (opts.check) {
    const check = sdk.checkPackage(pkg);
    if (!check.ok) {
      for (const e of check.errors) io.stderr(`${paint(io.color, "red", "error:")} ${e.fileName}: ${e.message}\n`);
      ctx.exitCode = ExitCode.Failed;
      io.stderr(`the package does not compile: nothing written\n`);
      return;
    }
  }
  const out = resolve(io.cwd, opts.output);
  if (/\.(tgz|tar\.gz)$/.test(out)) await sdk.writePackageTgz(pkg.entries, out);
  else await sdk.writePackageDir(pkg.entries, out);
  const kinds = { task: "task", workflow: "workflow", launchPlan: "launch plan" } as const;
  io.stdout(
    renderTable(
      ["FILE", "KIND", "NAME"],
      pkg.entries.map((e) => [e.fileName, kinds[e.kind], e.name]),
    ),
  );
  const shown = relative(io.cwd, out);
  io.stdout(
    `${paint(io.color, "green", "wrote")} ${pkg.entries.length} files to ${shown.startsWith("..") ? out : shown}\n`,
  );
}

/**
 * Loads the user's modules with a TypeScript loader, together with the SDK instance they import,
 * so the entities they export are the SDK's own objects.
 */
async function loadModules(
  paths: readonly string[],
  root: string,
): Promise<{ sdk: typeof Sdk; modules: Sdk.ModuleExports[] }> {
  const { register } = await import("tsx/esm/api");
  const api = register({ namespace: `flyte-package-${process.pid}-${Date.now()}` });
  try {
    const first = paths[0];
    if (first === undefined) throw new CliError("give at least one file to package", ExitCode.Usage);
    const modules: Sdk.ModuleExports[] = [];
    for (const p of paths) {
      const exports = (await api.import(pathToFileURL(p).href, import.meta.url)) as Record<string, unknown>;
      modules.push({ modulePath: relative(root, p).split(sep).join("/"), exports: { ...exports } });
    }
    let sdk: typeof Sdk;
    try {
      sdk = (await api.import("@flyte-ts/sdk", pathToFileURL(first).href)) as typeof Sdk;
    } catch (e) {
      throw new CliError(
        `cannot load @flyte-ts/sdk from ${first}: ${e instanceof Error ? e.message : String(e)}`,
        ExitCode.Usage,
      );
    }
    return { sdk, modules };
  } finally {
    await api.unregister();
  }
}
