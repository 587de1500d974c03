export { main } from "./main.js";
export { ExitCode, CliError } from "./exit-codes.js";
export type { CliIO } from "./io.js";
