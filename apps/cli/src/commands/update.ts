import type { Command } from "commander";
import type { CliContext } from "../context.js";
import { registerAttributesVerb } from "./nouns/attributes-commands.js";
import { registerUpdateExecution } from "./nouns/execution-commands.js";
import { registerUpdateLaunchPlan } from "./nouns/launch-plan-state.js";
import { registerUpdateProject } from "./nouns/project-commands.js";

/** `flyte update project|execution|launchplan|attributes`. */
export function registerUpdate(program: Command, ctx: CliContext): void {
  const update = program
    .command("update")
    .description("Archive or change a project, an execution, a launch plan's state, or attributes")
    .addHelpText(
      "after",
      `
Examples:
  $ flyte update project ml-team --archive
  $ flyte update execution a1b2c3d4e5f6g7h8i9j0 --archive
  $ flyte update launchplan my.wf.nightly --version v3 --activate
  $ flyte update attributes --type execution_queue --file queue.yaml`,
    );
  registerUpdateProject(update, ctx);
  registerUpdateExecution(update, ctx);
  registerUpdateLaunchPlan(update, ctx);
  registerAttributesVerb(update, ctx, "update");
}
