import type { Command } from "commander";
import type { CliContext } from "../context.js";
import { registerGetAttributes } from "./nouns/attributes-commands.js";
import { LAUNCH_PLAN_KIND, TASK_KIND, WORKFLOW_KIND } from "./nouns/entity-kinds.js";
import { registerGetExecution, registerGetNodeExecution, registerGetTaskExecution } from "./nouns/get-executions.js";
import { registerGetProject } from "./nouns/get-project.js";
import { registerGetVersioned } from "./nouns/get-versioned.js";

/** `flyte get <noun>`: read projects, entities, executions and attributes from a server. */
export function registerGet(program: Command, ctx: CliContext): void {
  const get = program
    .command("get")
    .description("Show projects, tasks, workflows, launch plans, executions and attributes of a server")
    .addHelpText(
      "after",
      `
Examples:
  $ flyte get project
  $ flyte get workflow                                 # workflow names in flytesnacks/development
  $ flyte get launchplan my.wf --active                # the active version, its schedule and next run
  $ flyte get execution --filter "phase=FAILED" -o json
  $ flyte get node-execution a1b2c3d4e5f6g7h8i9j0
  $ flyte get attributes --type task_resource -p myproject -d development

Every get takes -o table|json|yaml, --endpoint, -p/--project, -d/--domain and --config.`,
    );
  registerGetProject(get, ctx);
  registerGetVersioned(get, ctx, TASK_KIND);
  registerGetVersioned(get, ctx, WORKFLOW_KIND);
  registerGetVersioned(get, ctx, LAUNCH_PLAN_KIND);
  registerGetExecution(get, ctx);
  registerGetNodeExecution(get, ctx);
  registerGetTaskExecution(get, ctx);
  registerGetAttributes(get, ctx);
}
