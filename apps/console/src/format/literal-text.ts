import type { Primitive } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { formatMillis, durationMillis, tsMillis } from "./time.js";

/** A primitive as the user would type it (and as the launch form pre-fills it). */
export function primitiveText(p: Primitive): string {
  const v = p.value;
  switch (v.case) {
    case "integer":
      return v.value.toString();
    case "floatValue":
      return String(v.value);
    case "stringValue":
      return v.value;
    case "boolean":
      return v.value ? "true" : "false";
    case "datetime": {
      const ms = tsMillis(v.value);
      return ms === undefined ? "" : new Date(ms).toISOString();
    }
    case "duration":
      return formatMillis(durationMillis(v.value));
    case undefined:
      return "";
  }
}

export function formatBytes(n: bigint | number): string {
  const v = Number(n);
  if (v < 1024) return `${v} B`;
  if (v < 1024 * 1024) return `${(v / 1024).toFixed(1)} KiB`;
  if (v < 1024 ** 3) return `${(v / 1024 / 1024).toFixed(1)} MiB`;
  return `${(v / 1024 ** 3).toFixed(1)} GiB`;
}
