import type { Command } from "commander";
import type { CliContext } from "../context.js";
import { registerConfigInit, registerConfigShow } from "./nouns/config-commands.js";

/** `flyte config init|show`: the CLI's config file. */
export function registerConfig(program: Command, ctx: CliContext): void {
  const config = program
    .command("config")
    .description("Write or show the CLI configuration (endpoint, project, domain, token)")
    .addHelpText(
      "after",
      `
Examples:
  $ flyte config init --endpoint localhost:8088 --project flytesnacks --domain development
  $ flyte config show

Precedence: flags > FLYTE_ENDPOINT / FLYTE_PROJECT / FLYTE_DOMAIN / FLYTE_TOKEN > the config file
(--config, FLYTE_CONFIG, or ~/.flyte/config.yaml) > defaults.`,
    );
  registerConfigInit(config, ctx);
  registerConfigShow(config, ctx);
}
