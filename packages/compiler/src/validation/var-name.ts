/** A promise variable name, with the legacy `name[3]` index syntax parsed out. */
export interface ParsedVarName {
  readonly name: string;
  readonly index?: number;
}

const INDEXED = /^([^[\]]+)\[(\d+)\]$/;

/** Parses `name` or `name[3]`; returns undefined for malformed brackets. */
export function parseVarName(v: string): ParsedVarName | undefined {
  if (!v.includes("[") && !v.includes("]")) return { name: v };
  const m = INDEXED.exec(v);
  if (!m || m[1] === undefined || m[2] === undefined) return undefined;
  return { name: m[1], index: Number(m[2]) };
}
