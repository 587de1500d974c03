import type { Command } from "commander";
import type { CliContext } from "../context.js";
import { registerAttributesVerb } from "./nouns/attributes-commands.js";
import { registerDeleteExecution } from "./nouns/execution-commands.js";

/** `flyte delete execution|attributes`. */
export function registerDelete(program: Command, ctx: CliContext): void {
  const del = program
    .command("delete")
    .description("Terminate an execution, or remove matchable attributes")
    .addHelpText(
      "after",
      `
Examples:
  $ flyte delete execution a1b2c3d4e5f6g7h8i9j0 --reason "wrong inputs"
  $ flyte delete attributes --type task_resource --workflow my.wf`,
    );
  registerDeleteExecution(del, ctx);
  registerAttributesVerb(del, ctx, "delete");
}
