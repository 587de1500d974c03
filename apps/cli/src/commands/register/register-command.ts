import { resolve } from "node:path";
import type { Command } from "commander";
import type { CliContext } from "../../context.js";
import { CliError, ExitCode } from "../../exit-codes.js";
import { parseOutputFormat } from "../../output/format.js";
import { readFlytePackage, type PackageEntry } from "../../package/read-package.js";
import { resolveRemoteConfig, type RemoteFlags } from "../../remote/cli-config.js";
import { openRemote } from "../../remote/remote-client.js";
import { withRemoteOptions } from "../../remote/remote-options.js";
import { hydrateEntries } from "./hydrate-ids.js";
import { fastRegisterPackage } from "./package-source-bundle.js";
import { rawAdmin } from "./raw-admin.js";
import { registerCode, type RegisterCodeOptions } from "./register-code.js";
import { registerEntities } from "./register-entities.js";
import { registrationOrder } from "./registration-order.js";
import { printRegistration, registrationProgress } from "./registration-report.js";

interface FilesOptions extends RemoteFlags {
  version?: string;
  destinationDir: string;
  dryRun?: boolean;
  output: string;
}

const filesExamples = `
Every task, workflow and launch plan identifier of the package gets --project, --domain and
--version (references to entities registered elsewhere keep theirs unless empty), and entities
are registered in dependency order: tasks, then the workflows using them, then launch plans.
Registering the same package again is a no-op ("exists"); the same version with other content
is a "conflict" (the server lists the fields that differ) and the command exits 1.

Examples:
  $ flyte register files flyte-package.tgz --version v1
  $ flyte register files ../shared/conformance/flyte-compiler/snacks-core -p flytesnacks -d development --version v1
  $ flyte register files pkg.tgz --version v2 --dry-run      # what would be registered
  $ flyte register files pkg.tgz --version v1 -o json        # the table as JSON, for scripts

A package with a fast-registration source archive (fast*.tar.gz, tasks whose command lines hold
{{ .remote_package_path }}) is fast-registered: the archive is uploaded through the data proxy
and the placeholders get its URI and --destination-dir.

Exit codes: 0 everything registered (or already was), 1 a conflict or a refused entity,
2 usage error (missing package, no --version), 3 the server is unreachable.`;

const codeExamples = `
Packages the tasks, workflows and launch plans of the TypeScript files (as \`flyte package\`),
uploads the code as a .tar.gz bundle through the server's data proxy, points the TypeScript
tasks at it (fast registration: no image build), and registers everything. Without --version
the version is a hash of the code and the package, so registering unchanged code again is a
no-op.

Examples:
  $ flyte register code examples/basic-workflow.ts
  $ flyte register code workflows/ --version v3 -p ml -d staging
  $ flyte register code pipeline.ts --root . --image ghcr.io/me/base:1`;

const collectVersion = (flag: string) => (v: string) => {
  if (!/^[A-Za-z0-9_.:-]+$/.test(v))
    throw new CliError(`${flag} must be letters, digits, '.', '_', '-' or ':', got '${v}'`);
  return v;
};

/** `flyte register files|code`: put packages or code on a Flyte server. */
export function registerRegister(program: Command, ctx: CliContext): void {
  const register = program
    .command("register")
    .description("Register Flyte packages or TypeScript code on a Flyte server")
    .addHelpText(
      "after",
      `
Examples:
  $ flyte register files flyte-package.tgz --version v1          # a Flyte package (.tgz or folder)
  $ flyte register files ../shared/conformance/flyte-compiler/snacks-core --version v1
  $ flyte register code examples/basic-workflow.ts                # TypeScript code, fast-registered

See flyte register files --help and flyte register code --help.`,
    );
  withRemoteOptions(
    register
      .command("files")
      .description("Register the tasks, workflows and launch plans of Flyte packages (.tgz or folder)")
      .argument("<packages...>", "package archives (.tgz) or folders of NNN_<name>_{1,2,3}.pb files")
      .option(
        "--version <version>",
        "the version every entity of the package is registered at",
        collectVersion("--version"),
      )
      .option("--dry-run", "show what would be registered without calling the server")
      .option(
        "--destination-dir <dir>",
        "fast registration: where tasks extract the package's source archive ({{ .dest_dir }})",
        ".",
      )
      .option("-o, --output <format>", "table, json or yaml", "table"),
  )
    .addHelpText("after", filesExamples)
    .action(async (packages: string[], opts: FilesOptions) => {
      await registerFiles(packages, opts, ctx);
    });
  withRemoteOptions(
    register
      .command("code")
      .description("Package TypeScript code, upload it through the data proxy and register it (fast registration)")
      .argument("<paths...>", "TypeScript files, or folders whose .ts files are packaged")
      .option(
        "--version <version>",
        "version to register at (default: a hash of the code)",
        collectVersion("--version"),
      )
      .option(
        "--root <dir>",
        "package root: module paths and the bundle are relative to it (default: the current directory)",
      )
      .option("--image <image>", "container image of tasks that do not set one")
      .option("--dry-run", "build and show what would be registered, without uploading or registering")
      .option("-o, --output <format>", "table, json or yaml", "table"),
  )
    .addHelpText("after", codeExamples)
    .action(async (paths: string[], opts: RegisterCodeOptions) => {
      const format = parseOutputFormat(opts.output);
      const result = await registerCode(paths, opts, ctx);
      printRegistration(ctx, format, result.rows);
      ctx.io.stderr(`code bundle ${result.bundleUri || "(not uploaded: dry run)"} version ${result.version}\n`);
    });
}

async function registerFiles(packages: readonly string[], opts: FilesOptions, ctx: CliContext): Promise<void> {
  const format = parseOutputFormat(opts.output);
  if (opts.version === undefined)
    throw new CliError("give the version to register at: --version <version> (e.g. --version v1)", ExitCode.Usage);
  const config = resolveRemoteConfig(opts, ctx.io.env, ctx.io.cwd);
  const entries: PackageEntry[] = [];
  const remote = opts.dryRun ? undefined : openRemote(config);
  for (const p of packages) {
    const path = resolve(ctx.io.cwd, p);
    const pkg = await readFlytePackage(path);
    const offset = entries.length;
    const uri = await fastRegisterPackage(path, pkg.entries, { remote, destDir: opts.destinationDir });
    if (uri !== undefined) ctx.io.stderr(`${p}: source archive uploaded → ${uri}\n`);
    entries.push(...pkg.entries.map((e) => ({ ...e, order: e.order + offset * 1000 })));
  }
  hydrateEntries(entries, { project: config.project, domain: config.domain, version: opts.version });
  const ordered = registrationOrder(entries);
  const interactive = ctx.io.color && Boolean(process.stderr.isTTY);
  const rows = await registerEntities(ordered, {
    admin: rawAdmin(config),
    config,
    dryRun: opts.dryRun === true,
    onRow: registrationProgress(ctx, interactive),
  });
  printRegistration(ctx, format, rows);
}
