import { CliError, ExitCode } from "../../exit-codes.js";

/**
 * Splits what commander left unparsed (operands and unknown `--name value` options) into
 * positional arguments and `--name value` pairs. `--flag` alone (last, or before another option)
 * is `true`, `--no-flag` is `false`, `--name=value` works too.
 */
export function splitArgs(args: readonly string[]): { positionals: string[]; sugar: [string, string][] } {
  const positionals: string[] = [];
  const sugar: [string, string][] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? "";
    if (!a.startsWith("--") || a === "--") {
      if (a !== "--") positionals.push(a);
      continue;
    }
    const eq = a.indexOf("=");
    if (eq > 0) {
      sugar.push([a.slice(2, eq), a.slice(eq + 1)]);
      continue;
    }
    const next = args[i + 1];
    if (next === undefined || next.startsWith("--")) {
      sugar.push(a.startsWith("--no-") ? [a.slice(5), "false"] : [a.slice(2), "true"]);
    } else {
      sugar.push([a.slice(2), next]);
      i++;
    }
  }
  return { positionals, sugar };
}

/** `--input name=value` → [name, value]. */
export function parsePair(text: string, flag = "--input"): [string, string] {
  const eq = text.indexOf("=");
  if (eq <= 0) throw new CliError(`${flag} takes name=value, got '${text}'`, ExitCode.Usage);
  return [text.slice(0, eq), text.slice(eq + 1)];
}
