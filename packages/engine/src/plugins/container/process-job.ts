import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream } from "node:fs";

export interface ProcessJobOptions {
  readonly binary: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
  /** Stdout and stderr are appended here. */
  readonly logPath: string;
  /** How much of the end of stderr to keep for error messages (default 2000 characters). */
  readonly tailChars?: number;
}

export interface ProcessExit {
  /** The exit code, or undefined when killed by a signal or never started. */
  readonly code: number | undefined;
  readonly signal: string | undefined;
  readonly stderrTail: string;
  /** Set when the process could not be started at all (e.g. binary not found). */
  readonly spawnError?: string;
}

/** One child process whose output goes to a log file; `kill` ends its whole process group. */
export class ProcessJob {
  readonly exited: Promise<ProcessExit>;
  readonly #child: ChildProcess;

  constructor(o: ProcessJobOptions) {
    const tailChars = o.tailChars ?? 2000;
    const log = createWriteStream(o.logPath, { flags: "a" });
    // A log that cannot be written (its dir removed) must not crash the engine; output is dropped.
    log.on("error", () => {});
    let tail = "";
    this.#child = spawn(o.binary, [...o.args], {
      cwd: o.cwd,
      env: { ...o.env },
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.#child.stdout?.on("data", (d: Buffer) => log.write(d));
    this.#child.stderr?.on("data", (d: Buffer) => {
      log.write(d);
      tail = (tail + d.toString("utf8")).slice(-tailChars);
    });
    this.exited = new Promise((resolve) => {
      let spawnError: string | undefined;
      this.#child.on("error", (e) => {
        spawnError = e.message;
      });
      this.#child.on("close", (code, signal) => {
        const finish = () =>
          resolve({
            code: code ?? undefined,
            signal: signal ?? undefined,
            stderrTail: tail,
            ...(spawnError === undefined ? {} : { spawnError }),
          });
        if (log.writable) log.end(finish);
        else finish();
      });
    });
  }

  /** Sends SIGKILL to the process group (the command and everything it started). */
  kill(): void {
    const pid = this.#child.pid;
    if (pid === undefined || this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      this.#child.kill("SIGKILL");
    }
  }
}
