import { toJson, type DescMessage, type JsonValue, type MessageShape } from "@bufbuild/protobuf";
import { protoJsonOptions } from "@flyte-ts/idl";
import { stringify } from "yaml";
import { paint, renderTable, type OutputFormat } from "./format.js";

type Color = Parameters<typeof paint>[1];

/** One column of a table: its header, the cell text, and optionally a colour for the cell. */
export interface Column<T> {
  readonly header: string;
  readonly value: (item: T) => string;
  readonly color?: (item: T) => Color | undefined;
}

/**
 * A protobuf message as Flyte's REST gateway writes it: snake_case field names, enum names (not
 * numbers), defaults included, `Any` fields expanded through the flyteidl registry.
 */
export function messageJson<D extends DescMessage>(schema: D, message: MessageShape<D>): JsonValue {
  return toJson(schema, message, protoJsonOptions);
}

/** YAML of a JSON value; block style, keys in message order, stable for diffs and scripts. */
export function renderYaml(value: unknown): string {
  return stringify(value, { lineWidth: 0 });
}

/**
 * Renders messages in the chosen format. `json` and `yaml` print every field (a list as an
 * array, one message as an object); `table` prints the chosen columns, coloured only when
 * `color` is set (a TTY without NO_COLOR), with no truncation so piped output is stable.
 */
export function renderMessages<D extends DescMessage>(options: {
  format: OutputFormat;
  schema: D;
  messages: readonly MessageShape<D>[];
  columns: readonly Column<MessageShape<D>>[];
  color: boolean;
  /** One message (`get execution NAME`): JSON/YAML print an object instead of an array. */
  single?: boolean;
}): string {
  const { format, schema, messages, columns, color } = options;
  switch (format) {
    case "json":
    case "yaml": {
      const values = messages.map((m) => messageJson(schema, m));
      const data = options.single ? (values[0] ?? null) : values;
      return format === "json" ? JSON.stringify(data, null, 2) + "\n" : renderYaml(data);
    }
    case "table":
      return renderColumns(columns, messages, color);
    default: {
      const unknown: never = format;
      return unknown;
    }
  }
}

/** Rows of items under the columns' headers; an empty list prints just the header. */
export function renderColumns<T>(columns: readonly Column<T>[], items: readonly T[], color: boolean): string {
  const headers = columns.map((c) => c.header);
  const rows = items.map((item) => columns.map((c) => oneLine(c.value(item))));
  const text = renderTable(headers, rows);
  if (!color) return text;
  // Colour after aligning so escape codes do not count towards the widths.
  const lines = text.split("\n");
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  return lines
    .map((line, li) => {
      if (li === 0) return line === "" ? line : paint(true, "bold", line);
      const item = items[li - 1];
      const row = rows[li - 1];
      if (item === undefined || row === undefined) return line;
      return row
        .map((cell, i) => {
          const padded = i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0);
          const c = columns[i]?.color?.(item);
          return c ? paint(true, c, padded) : padded;
        })
        .join("  ")
        .trimEnd();
    })
    .join("\n");
}

/** Table cells are one line: newlines and tabs become spaces. */
const oneLine = (s: string): string => s.replace(/[\r\n\t]+/g, " ");
