import type { ExecutionSettingsConfig, ResourceQuantities } from "./execution-settings-config.js";
import { parseQuantity } from "./execution-settings-resources.js";

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const QUANTITIES = ["cpu", "gpu", "memory", "storage", "ephemeralStorage"] as const;
const KEYS = [
  "taskResources",
  "maxParallelism",
  "rawOutputPrefix",
  "interruptible",
  "overwriteCache",
  "labels",
  "annotations",
  "serviceAccount",
  "executionQueue",
  "executionClusterLabel",
] as const;

/**
 * Checks an untrusted global execution settings mapping (the server's `executions:` section);
 * every problem names its path (`executions.taskResources.limits.cpu must be a quantity`).
 */
export function checkExecutionSettingsConfig(
  raw: unknown,
  at = "executions",
): { config?: ExecutionSettingsConfig; problems: string[] } {
  const problems: string[] = [];
  if (!isObject(raw)) return { problems: [`${at} must be a mapping, got ${JSON.stringify(raw)}`] };
  for (const k of Object.keys(raw)) {
    if (!(KEYS as readonly string[]).includes(k)) problems.push(`unknown key ${at}.${k} (known: ${KEYS.join(", ")})`);
  }
  const out: ExecutionSettingsConfig = {};
  const str = (k: "rawOutputPrefix" | "serviceAccount" | "executionClusterLabel") => {
    const v = raw[k];
    if (v === undefined) return;
    if (typeof v === "string" && v !== "") out[k] = v;
    else problems.push(`${at}.${k} must be a non-empty string`);
  };
  str("rawOutputPrefix");
  str("serviceAccount");
  str("executionClusterLabel");
  for (const k of ["interruptible", "overwriteCache"] as const) {
    if (raw[k] === undefined) continue;
    if (typeof raw[k] === "boolean") out[k] = raw[k];
    else problems.push(`${at}.${k} must be true or false`);
  }
  if (raw.maxParallelism !== undefined) {
    const n = raw.maxParallelism;
    if (typeof n === "number" && Number.isInteger(n) && n >= 0 && n <= 100_000) out.maxParallelism = n;
    else problems.push(`${at}.maxParallelism must be an integer from 0 to 100000`);
  }
  for (const k of ["labels", "annotations"] as const) {
    const v = raw[k];
    if (v === undefined) continue;
    if (isObject(v) && Object.values(v).every((x) => typeof x === "string")) out[k] = v as Record<string, string>;
    else problems.push(`${at}.${k} must map names to strings`);
  }
  if (raw.executionQueue !== undefined) {
    const v = raw.executionQueue;
    if (Array.isArray(v) && v.every((x) => typeof x === "string")) out.executionQueue = v;
    else problems.push(`${at}.executionQueue must be a list of tags`);
  }
  if (raw.taskResources !== undefined) {
    const tr = raw.taskResources;
    if (!isObject(tr)) problems.push(`${at}.taskResources must be a mapping (defaults, limits)`);
    else {
      out.taskResources = {};
      for (const k of Object.keys(tr)) {
        if (k !== "defaults" && k !== "limits")
          problems.push(`unknown key ${at}.taskResources.${k} (known: defaults, limits)`);
      }
      for (const part of ["defaults", "limits"] as const) {
        const q = quantities(problems, `${at}.taskResources.${part}`, tr[part]);
        if (q) out.taskResources[part] = q;
      }
    }
  }
  return problems.length > 0 ? { problems } : { config: out, problems };
}

function quantities(problems: string[], at: string, v: unknown): ResourceQuantities | undefined {
  if (v === undefined) return undefined;
  if (!isObject(v)) {
    problems.push(`${at} must be a mapping (${QUANTITIES.join(", ")})`);
    return undefined;
  }
  const out: ResourceQuantities = {};
  for (const [k, q] of Object.entries(v)) {
    const key = QUANTITIES.find((x) => x === k);
    const text = typeof q === "number" ? String(q) : q;
    if (!key) problems.push(`unknown key ${at}.${k} (known: ${QUANTITIES.join(", ")})`);
    else if (typeof text !== "string" || parseQuantity(text) === undefined) {
      problems.push(`${at}.${k} must be a quantity like 500m, 2, 1Gi; got ${JSON.stringify(q)}`);
    } else out[key] = text;
  }
  return out;
}
