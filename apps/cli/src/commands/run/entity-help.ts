import { LaunchPlanEntity, type Entity } from "@flyte-ts/sdk";
import { renderTable } from "../../output/format.js";
import { kindName, type ExportedEntity } from "./load-entity.js";
import { cellText, plainValue } from "./output-values.js";

const signature = (e: Entity): string =>
  Object.entries(e.iface.inputs)
    .map(([n, t]) => `${n}: ${t.name}${n in e.iface.defaults ? "?" : ""}`)
    .join(", ");

/** `flyte run file.ts --help`: what the file exports, with each entity's inputs. */
export function entityListing(file: string, found: readonly ExportedEntity[]): string {
  if (found.length === 0) return `${file} exports no task, workflow or launch plan\n`;
  const rows = found.map((f) => [f.key, kindName(f.entity), `(${signature(f.entity)})`]);
  return (
    `${file} exports:\n\n${renderTable(["ENTITY", "KIND", "INPUTS"], rows)}\n` +
    `Run one with: flyte run ${file} <entity> [--<input> <value> ...]; see its inputs with: flyte run ${file} <entity> --help\n`
  );
}

/** `flyte run file.ts wf --help`: the entity's inputs (types, defaults, descriptions) and outputs. */
export function entityHelp(file: string, found: ExportedEntity): string {
  const { entity, key } = found;
  const { inputs, outputs, defaults, descriptions } = entity.iface;
  const fixed = entity instanceof LaunchPlanEntity ? (entity.settings.fixed ?? {}) : {};
  const lines = [
    `Usage: flyte run ${file} ${key} [options]${Object.keys(inputs).length > 0 ? " [--<input> <value> ...]" : ""}`,
    "",
  ];
  lines.push(`${entity.label}${entity.description ? `: ${entity.description}` : ""}`, "");
  const inputRows = Object.entries(inputs).map(([n, t]) => [
    `--${n} <${t.name}>`,
    n in defaults
      ? `default ${cellText(plainValue(defaults[n]))}`
      : t.name.startsWith("optional<")
        ? "optional"
        : "required",
    descriptions.inputs[n] ?? "",
  ]);
  lines.push("Inputs:", inputRows.length > 0 ? indent(rows(inputRows)) : "  (none)");
  const fixedNames = Object.keys(fixed);
  if (fixedNames.length > 0)
    lines.push(
      `  fixed by the launch plan: ${fixedNames.map((n) => `${n} = ${cellText(plainValue(fixed[n]))}`).join(", ")}`,
    );
  const outputRows = Object.entries(outputs).map(([n, t]) => [n, t.name, descriptions.outputs[n] ?? ""]);
  lines.push("", "Outputs:", outputRows.length > 0 ? indent(rows(outputRows)) : "  (none)");
  lines.push("", "Flags of flyte run itself (--inputs-file, -o, --signal, ...): flyte run --help");
  return lines.join("\n") + "\n";
}

/** Aligned columns without a header line. */
const rows = (cells: string[][]): string =>
  renderTable(
    (cells[0] ?? []).map(() => ""),
    cells,
  )
    .split("\n")
    .slice(1)
    .join("\n")
    .trimEnd();

const indent = (text: string) =>
  text
    .split("\n")
    .map((l) => (l === "" ? l : `  ${l}`))
    .join("\n");
