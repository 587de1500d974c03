/** Where a command writes. Tests pass their own to capture output. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Colours and progress animations only on a TTY and when NO_COLOR is unset. */
  color: boolean;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
}

/**
 * A reader that went away (`flyte ... | head`) closes our stdout: stop writing quietly and exit
 * as Unix tools do, instead of crashing on EPIPE.
 */
function exitOnBrokenPipe(stream: NodeJS.WriteStream): void {
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(0);
    throw e;
  });
}

export function processIO(): CliIO {
  const env = process.env;
  exitOnBrokenPipe(process.stdout);
  exitOnBrokenPipe(process.stderr);
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    color: Boolean(process.stdout.isTTY) && env.NO_COLOR === undefined && env.TERM !== "dumb",
    cwd: process.cwd(),
    env,
  };
}
