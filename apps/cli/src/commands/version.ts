import type { Command } from "commander";
import { readFileSync } from "node:fs";
import type { CliContext } from "../context.js";

export function registerVersion(program: Command, ctx: CliContext): void {
  program
    .command("version")
    .description("Print the version of the flyte CLI and of the flyteidl contract it speaks")
    .action(() => {
      const cli = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
        version: string;
      };
      ctx.io.stdout(`flyte ${cli.version} (flyteidl ${flyteidlVersion()})\n`);
    });
}

function flyteidlVersion(): string {
  try {
    const url = import.meta.resolve("@flyteorg/flyteidl/package.json");
    return (JSON.parse(readFileSync(new URL(url), "utf8")) as { version: string }).version;
  } catch {
    return "unknown";
  }
}
