import type { CliIO } from "./io.js";

/** What every command gets: where to write, and the global flags. */
export interface CliContext {
  io: CliIO;
  /** Set by --debug: print stack traces of errors. */
  debug: boolean;
  /** A command that finished but failed (e.g. entities that do not compile) sets this. */
  exitCode?: number;
}
