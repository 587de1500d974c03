/** Where a command writes. Tests pass their own to capture output. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Colours and progress animations only on a TTY and when NO_COLOR is unset. */
  color: boolean;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
}

export function processIO(): CliIO {
  const env = process.env;
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    color: Boolean(process.stdout.isTTY) && env.NO_COLOR === undefined && env.TERM !== "dumb",
    cwd: process.cwd(),
    env,
  };
}
