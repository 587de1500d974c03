import { main } from "../src/main.js";
import type { CliIO } from "../src/io.js";

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with captured output (no colours, as when piped). */
export async function runCli(
  args: string[],
  opts: { cwd?: string; env?: Record<string, string> } = {},
): Promise<RunResult> {
  let stdout = "";
  let stderr = "";
  const io: CliIO = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    color: false,
    cwd: opts.cwd ?? process.cwd(),
    env: opts.env ?? {},
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}
