import type { Command } from "commander";
import type { CliContext } from "../context.js";
import { registerCompile } from "./compile.js";
import { registerCompletion } from "./completion.js";
import { registerConfig } from "./config.js";
import { registerCreate } from "./create.js";
import { registerDelete } from "./delete.js";
import { registerGet } from "./get.js";
import { registerLaunchPlan } from "./launchplan.js";
import { registerPackage } from "./package.js";
import { registerRegister } from "./register/register-command.js";
import { registerExecution } from "./execution/execution-command.js";
import { registerSignal } from "./signal.js";
import { registerRun } from "./run/run-command.js";
import { registerStart } from "./start.js";
import { registerUpdate } from "./update.js";
import { registerVersion } from "./version.js";

/**
 * Every top-level command, in the order `flyte --help` lists them. A new command is a file under
 * commands/ exporting a `register*` function, added here.
 */
export const commands: readonly ((program: Command, ctx: CliContext) => void)[] = [
  registerCompile,
  registerPackage,
  registerRun,
  registerRegister,
  registerExecution,
  registerSignal,
  registerGet,
  registerCreate,
  registerUpdate,
  registerDelete,
  registerLaunchPlan,
  registerConfig,
  registerStart,
  registerVersion,
  registerCompletion,
];
