import type { Command } from "commander";
import type { CliContext } from "../context.js";
import { registerLaunchPlanVerbs } from "./nouns/launch-plan-state.js";

/** `flyte launchplan activate|deactivate NAME [--version V]`. */
export function registerLaunchPlan(program: Command, ctx: CliContext): void {
  const launchplan = program
    .command("launchplan")
    .description("Activate or deactivate launch plan versions (schedules run for the active version)")
    .addHelpText(
      "after",
      `
Examples:
  $ flyte launchplan activate my.wf.nightly --version v3
  $ flyte launchplan deactivate my.wf.nightly
  $ flyte get launchplan my.wf.nightly --active            # which version is active, its next run`,
    );
  registerLaunchPlanVerbs(launchplan, ctx);
}
