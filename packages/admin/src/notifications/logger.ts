/** The little logging background delivery needs. The composition root passes its own. */
export interface Logger {
  info(message: string, fields?: Readonly<Record<string, unknown>>): void;
  warn(message: string, fields?: Readonly<Record<string, unknown>>): void;
}

/** Writes warnings to stderr as one JSON line each; info is dropped. */
export const stderrLogger: Logger = {
  info: () => undefined,
  warn: (message, fields) => {
    process.stderr.write(`${JSON.stringify({ level: "warn", message, ...fields })}\n`);
  },
};
