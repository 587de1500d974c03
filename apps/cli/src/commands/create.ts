import type { Command } from "commander";
import type { CliContext } from "../context.js";
import { registerAttributesVerb } from "./nouns/attributes-commands.js";
import { registerCreateExecution } from "./nouns/execution-commands.js";
import { registerCreateProject } from "./nouns/project-commands.js";

/** `flyte create project|execution|attributes`. */
export function registerCreate(program: Command, ctx: CliContext): void {
  const create = program
    .command("create")
    .description("Create a project, launch an execution, or set matchable attributes")
    .addHelpText(
      "after",
      `
Examples:
  $ flyte create project --id ml-team --name "ML team"
  $ flyte create execution --launchplan my.wf --input n=3
  $ flyte create attributes --type task_resource --file attrs.yaml`,
    );
  registerCreateProject(create, ctx);
  registerCreateExecution(create, ctx);
  registerAttributesVerb(create, ctx, "create");
}
