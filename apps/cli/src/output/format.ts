import { stringify } from "yaml";
import { CliError, ExitCode } from "../exit-codes.js";

export const outputFormats = ["table", "json", "yaml"] as const;
export type OutputFormat = (typeof outputFormats)[number];

export function parseOutputFormat(value: string): OutputFormat {
  if ((outputFormats as readonly string[]).includes(value)) return value as OutputFormat;
  throw new CliError(`unknown output format "${value}": use one of ${outputFormats.join(", ")}`, ExitCode.Usage);
}

/** Renders rows as an aligned text table with a header. */
export function renderTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [line(headers), ...rows.map(line)].join("\n") + "\n";
}

export function renderData(format: "json" | "yaml", data: unknown): string {
  return format === "json" ? JSON.stringify(data, null, 2) + "\n" : stringify(data);
}

export function paint(enabled: boolean, color: "red" | "green" | "yellow" | "dim" | "bold", text: string): string {
  if (!enabled) return text;
  const codes = { red: 31, green: 32, yellow: 33, dim: 2, bold: 1 } as const;
  return `\u001b[${codes[color]}m${text}\u001b[0m`;
}
