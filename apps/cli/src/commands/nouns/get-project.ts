import { Code } from "@connectrpc/connect";
import { Project_ProjectState, ProjectSchema, type Project } from "@flyte-ts/idl/gen/flyteidl/admin/project_pb";
import type { Command } from "commander";
import type { CliContext } from "../../context.js";
import { renderMessages, type Column } from "../../output/proto-output.js";
import { formatMap } from "../../output/values.js";
import type { RemoteFlags } from "../../remote/cli-config.js";
import { isRpcCode } from "../../remote/remote-client.js";
import { remoteFor, withRemoteOptions } from "../../remote/remote-options.js";
import { FILTER_HELP } from "./filters.js";
import { fetchPages, parseListFlags, withListOptions, type ListFlags } from "./list-options.js";
import { notFoundError } from "./not-found.js";

export const projectStateName = (p: Project): string => Project_ProjectState[p.state] ?? String(p.state);

export const PROJECT_COLUMNS: readonly Column<Project>[] = [
  { header: "ID", value: (p) => p.id },
  { header: "NAME", value: (p) => p.name },
  {
    header: "STATE",
    value: projectStateName,
    color: (p) => (p.state === Project_ProjectState.ARCHIVED ? "dim" : undefined),
  },
  { header: "DESCRIPTION", value: (p) => p.description || "-" },
  { header: "LABELS", value: (p) => formatMap(p.labels?.values) },
];

/** `flyte get project [id]`. */
export function registerGetProject(get: Command, ctx: CliContext): void {
  const cmd = get
    .command("project")
    .description("List projects, or show one")
    .argument("[id]", "the project id; without it, list every project");
  withRemoteOptions(withListOptions(cmd))
    .addHelpText(
      "after",
      `
Examples:
  $ flyte get project
  $ flyte get project flytesnacks -o yaml
  $ flyte get project --filter "state=ARCHIVED"       # archived projects (hidden by default)

${FILTER_HELP}`,
    )
    .action(async (id: string | undefined, flags: ListFlags & RemoteFlags) => {
      const query = parseListFlags(flags);
      const remote = remoteFor(flags, ctx);
      let projects: Project[];
      if (id !== undefined) {
        try {
          projects = [await remote.admin.getProject({ id })];
        } catch (e) {
          if (!isRpcCode(e, Code.NotFound)) throw e;
          const all = await remote.admin.listProjects({ limit: 1000 });
          throw notFoundError({
            what: "project",
            name: id,
            where: "this server",
            candidates: all.projects.map((p) => p.id),
            listWith: "flyte get project",
          });
        }
      } else {
        projects = await fetchPages(query, ctx, async (page) => {
          const r = await remote.admin.listProjects({
            filters: query.filters,
            ...(query.sortBy ? { sortBy: query.sortBy } : {}),
            ...page,
          });
          return { items: r.projects, token: r.token };
        });
      }
      const single = id !== undefined;
      const out = renderMessages({
        format: query.format,
        schema: ProjectSchema,
        messages: projects,
        columns: PROJECT_COLUMNS,
        color: ctx.io.color,
        single,
      });
      ctx.io.stdout(out);
    });
}
