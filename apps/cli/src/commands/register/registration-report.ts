import type { CliContext } from "../../context.js";
import { ExitCode } from "../../exit-codes.js";
import { paint, renderData, renderTable, type OutputFormat } from "../../output/format.js";
import type { RegistrationRow, RegistrationStatus } from "./register-entities.js";

const colourOf: Record<RegistrationStatus, "green" | "dim" | "red" | "yellow"> = {
  created: "green",
  exists: "dim",
  conflict: "red",
  failed: "red",
  "dry-run": "yellow",
};

/** Counts by status, as the summary line and `-o json` show them. */
export function summarize(rows: readonly RegistrationRow[]): Record<RegistrationStatus, number> {
  const counts: Record<RegistrationStatus, number> = { created: 0, exists: 0, conflict: 0, failed: 0, "dry-run": 0 };
  for (const r of rows) counts[r.status] += 1;
  return counts;
}

/**
 * Prints what registration did: a table (kind, name, version, status), the server's message for
 * every conflict and failure, and a summary; or everything as JSON/YAML. Sets exit code 1 when
 * anything conflicted or failed.
 */
export function printRegistration(ctx: CliContext, format: OutputFormat, rows: readonly RegistrationRow[]): void {
  const { io } = ctx;
  const counts = summarize(rows);
  const bad = counts.conflict + counts.failed;
  if (bad > 0) ctx.exitCode = ExitCode.Failed;
  if (format !== "table") {
    io.stdout(renderData(format, { entities: rows, summary: counts }));
    return;
  }
  const table = renderTable(
    ["KIND", "NAME", "VERSION", "STATUS"],
    rows.map((r) => [r.kind, r.name, r.version, r.status]),
  );
  // Colour the status column after aligning (escape codes would break the widths).
  io.stdout(
    io.color
      ? table
          .split("\n")
          .map((line, i) => {
            const r = rows[i - 1];
            return r ? line.replace(new RegExp(`${r.status}$`), paint(true, colourOf[r.status], r.status)) : line;
          })
          .join("\n")
      : table,
  );
  for (const r of rows.filter((x) => x.message !== undefined)) {
    io.stderr(
      `\n${paint(io.color, "red", `${r.status}:`)} ${r.kind} ${r.name} (${r.file}):\n${indent(r.message ?? "")}\n`,
    );
  }
  const parts = (["created", "exists", "conflict", "failed", "dry-run"] as const)
    .filter((s) => counts[s] > 0 || s === "created")
    .map(
      (s) =>
        `${counts[s]} ${s === "exists" ? "already registered identically" : s === "conflict" ? "conflicting" : s === "dry-run" ? "to register (dry run)" : s}`,
    );
  const summary = `${rows.length} entit${rows.length === 1 ? "y" : "ies"}: ${parts.join(", ")}`;
  io.stdout(`${paint(io.color, bad > 0 ? "red" : "green", summary)}\n`);
  if (counts.conflict > 0) {
    io.stderr(
      "a version is immutable: register changed entities under a new --version (or keep the registered ones)\n",
    );
  }
}

const indent = (text: string) =>
  text
    .split("\n")
    .map((l) => `  ${l}`)
    .join("\n");

/** Progress on stderr while many entities register: a counter on a terminal, a line every ~10% otherwise. */
export function registrationProgress(ctx: CliContext, interactive: boolean) {
  const { io } = ctx;
  return (row: RegistrationRow, index: number, total: number): void => {
    if (total < 10) return;
    const n = index + 1;
    if (interactive) {
      io.stderr(`\r\u001b[Kregistering ${n}/${total} ${row.kind} ${row.name}`);
      if (n === total) io.stderr("\r\u001b[K");
      return;
    }
    const step = Math.max(1, Math.ceil(total / 10));
    if (n % step === 0 || n === total) io.stderr(`registered ${n}/${total}\n`);
  };
}
