import { fileURLToPath } from "node:url";
import { DataFrame, FlyteDirectory, FlyteFile } from "@flyte-ts/sdk";

/** A local path for `file://` URIs, the URI otherwise. */
function shownUri(uri: string): string {
  return uri.startsWith("file://") ? fileURLToPath(uri) : uri;
}

/**
 * A run's output value as plain JSON data: files and directories as their path, dataframes as
 * `{ uri, rows, columns }`, dates as ISO strings, durations in milliseconds, bigints as strings,
 * binary as base64, maps as objects.
 */
export function plainValue(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (value instanceof FlyteFile) return shownUri(value.path);
  if (value instanceof FlyteDirectory) return shownUri(value.path);
  if (value instanceof DataFrame) {
    const uri = value.uri !== undefined ? shownUri(value.uri) : null;
    return value.isLoaded ? { uri, rows: value.numRows, columns: value.columnNames } : { uri };
  }
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString("base64");
  if (Array.isArray(value)) return value.map(plainValue);
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), plainValue(v)]));
  if (typeof value === "object") {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, plainValue(v)]));
  }
  return value;
}

/** One table cell: strings bare, everything else as compact JSON. */
export function cellText(plain: unknown): string {
  return typeof plain === "string" ? plain : JSON.stringify(plain);
}
