import type { ExecutionId } from "../../src/index.js";

export function isExecutionIdJsonForTest(v: unknown): v is ExecutionId {
  if (v === null || typeof v !== "object") return false;
  const o = v as Record<string, unknown>;
  return typeof o.project === "string" && typeof o.domain === "string" && typeof o.name === "string";
}
