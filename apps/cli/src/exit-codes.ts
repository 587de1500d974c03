/** Exit codes of the `flyte` command. Documented in the README; scripts rely on them. */
export const ExitCode = {
  /** Everything worked. */
  Ok: 0,
  /** The work ran and failed: an execution failed, or entities did not compile/register. */
  Failed: 1,
  /** The command line was wrong: unknown command or flag, bad value, missing file. */
  Usage: 2,
  /** The server could not be reached. */
  Unreachable: 3,
  /** Something broke inside the CLI or the platform (a bug): rerun with --debug. */
  Internal: 4,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** An error the user can act on: printed without a stack trace, exits with `exitCode`. */
export class CliError extends Error {
  readonly exitCode: ExitCode;
  constructor(message: string, exitCode: ExitCode = ExitCode.Usage) {
    super(message);
    this.name = "CliError";
    this.exitCode = exitCode;
  }
}
