import { Command, CommanderError } from "commander";
import { isFlyteError } from "@flyte-ts/core";
import { commands } from "./commands/index.js";
import type { CliContext } from "./context.js";
import { CliError, ExitCode } from "./exit-codes.js";
import { processIO, type CliIO } from "./io.js";
import { paint } from "./output/format.js";

/** Runs the `flyte` command line and returns the exit code. Never throws. */
export async function main(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  const ctx: CliContext = { io, debug: argv.includes("--debug") };
  const program = new Command("flyte")
    .description("Flyte in TypeScript: typed, versioned workflows for ML and data pipelines")
    .option("--debug", "print stack traces and internal details of errors")
    .showSuggestionAfterError(true)
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();
  for (const register of commands) register(program, ctx);
  program.commands.forEach((c) => c.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr }));

  try {
    await program.parseAsync([...argv], { from: "user" });
    return ctx.exitCode ?? ExitCode.Ok;
  } catch (e) {
    return reportError(e, ctx);
  }
}

function reportError(e: unknown, ctx: CliContext): number {
  const { io } = ctx;
  if (e instanceof CommanderError) {
    // commander has already printed its message (usage errors, --help, --version).
    if (e.code === "commander.helpDisplayed" || e.code === "commander.version") return ExitCode.Ok;
    // A command group without its subcommand (`flyte get`) prints its help as an error.
    if (e.code === "commander.help") return e.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
    return ExitCode.Usage;
  }
  if (e instanceof CliError) {
    io.stderr(`${paint(io.color, "red", "error:")} ${e.message}\n`);
    if (ctx.debug && e.stack) io.stderr(`${e.stack}\n`);
    return e.exitCode;
  }
  if (isFlyteError(e) && e.kind === "user") {
    io.stderr(`${paint(io.color, "red", "error:")} ${e.message} [${e.code}]\n`);
    if (ctx.debug && e.stack) io.stderr(`${e.stack}\n`);
    return ExitCode.Failed;
  }
  const message = e instanceof Error ? e.message : String(e);
  io.stderr(`${paint(io.color, "red", "internal error:")} ${message}\n`);
  if (ctx.debug && e instanceof Error && e.stack) io.stderr(`${e.stack}\n`);
  else io.stderr("rerun with --debug for details\n");
  return ExitCode.Internal;
}
