import { Code } from "@connectrpc/connect";
import { Project_ProjectState } from "@flyte-ts/idl/gen/flyteidl/admin/project_pb";
import type { Command } from "commander";
import type { CliContext } from "../../context.js";
import { CliError, ExitCode } from "../../exit-codes.js";
import type { RemoteFlags } from "../../remote/cli-config.js";
import { isRpcCode } from "../../remote/remote-client.js";
import { remoteFor, withRemoteOptions } from "../../remote/remote-options.js";
import { notFoundError } from "./not-found.js";

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** `k=v` pairs of repeated `--label` flags. */
export function parseLabels(pairs: readonly string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of pairs ?? []) {
    const eq = p.indexOf("=");
    if (eq <= 0) throw new CliError(`--label must be key=value, got "${p}"`, ExitCode.Usage);
    out[p.slice(0, eq)] = p.slice(eq + 1);
  }
  return out;
}

interface ProjectFlags extends RemoteFlags {
  id?: string;
  name?: string;
  description?: string;
  label?: string[];
  archive?: boolean;
  activate?: boolean;
}

/** `flyte create project --id X --name N [--description D] [--label k=v]`. */
export function registerCreateProject(create: Command, ctx: CliContext): void {
  withRemoteOptions(
    create
      .command("project")
      .description("Register a project (every domain of the server is available in it)")
      .requiredOption("--id <id>", "the project id (letters, digits, -): used in every identifier")
      .option("--name <name>", "a display name (default: the id)")
      .option("--description <text>", "what the project is for")
      .option("--label <key=value>", "a label (repeatable)", collect),
  )
    .addHelpText(
      "after",
      `
Examples:
  $ flyte create project --id ml-team --name "ML team" --description "training pipelines"
  $ flyte create project --id ml-team --label team=ml --label cost-center=42`,
    )
    .action(async (flags: ProjectFlags) => {
      const id = flags.id ?? "";
      if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(id)) {
        throw new CliError(
          `--id must be lowercase letters, digits and '-' (like a DNS label), got "${id}"`,
          ExitCode.Usage,
        );
      }
      const labels = parseLabels(flags.label);
      const remote = remoteFor(flags, ctx);
      await remote.admin.registerProject({
        project: { id, name: flags.name ?? id, description: flags.description ?? "", labels: { values: labels } },
      });
      ctx.io.stdout(`created project ${id}\n`);
    });
}

/** `flyte update project ID --archive|--activate|--name N|--description D|--label k=v`. */
export function registerUpdateProject(update: Command, ctx: CliContext): void {
  withRemoteOptions(
    update
      .command("project")
      .description("Archive, activate, rename or describe a project")
      .argument("<id>", "the project id")
      .option("--archive", "archive it (hidden from lists; no new registrations)")
      .option("--activate", "make an archived project active again")
      .option("--name <name>", "a new display name")
      .option("--description <text>", "a new description")
      .option("--label <key=value>", "replace the labels with these (repeatable)", collect),
  )
    .addHelpText(
      "after",
      `
Examples:
  $ flyte update project ml-team --archive
  $ flyte update project ml-team --activate
  $ flyte update project ml-team --name "ML platform" --description "all training"`,
    )
    .action(async (id: string, flags: ProjectFlags) => {
      if (flags.archive && flags.activate) throw new CliError("give either --archive or --activate", ExitCode.Usage);
      const changes = [flags.archive, flags.activate, flags.name, flags.description, flags.label].filter(
        (x) => x !== undefined,
      );
      if (changes.length === 0) {
        throw new CliError(
          "nothing to change: give --archive, --activate, --name, --description or --label",
          ExitCode.Usage,
        );
      }
      const remote = remoteFor(flags, ctx);
      let project;
      try {
        project = await remote.admin.getProject({ id });
      } catch (e) {
        if (!isRpcCode(e, Code.NotFound)) throw e;
        const all = await remote.admin.listProjects({ limit: 1000, filters: "" });
        throw notFoundError({
          what: "project",
          name: id,
          where: "this server",
          candidates: all.projects.map((p) => p.id),
          listWith: "flyte get project",
        });
      }
      // Domains are the server's, not the project's: UpdateProject rejects a list of them.
      project.domains = [];
      if (flags.archive) project.state = Project_ProjectState.ARCHIVED;
      if (flags.activate) project.state = Project_ProjectState.ACTIVE;
      if (flags.name !== undefined) project.name = flags.name;
      if (flags.description !== undefined) project.description = flags.description;
      if (flags.label !== undefined)
        project.labels = { $typeName: "flyteidl.admin.Labels", values: parseLabels(flags.label) };
      await remote.admin.updateProject(project);
      const what = flags.archive ? "archived" : flags.activate ? "activated" : "updated";
      ctx.io.stdout(`${what} project ${id}\n`);
    });
}
