import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { toJson, type JsonValue } from "@bufbuild/protobuf";
import {
  CompiledWorkflowClosureSchema,
  type CompiledWorkflowClosure,
} from "@flyte-ts/idl/gen/flyteidl/core/compiler_pb";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

/** The conformance data folder; fails loudly when it is missing (never skips silently). */
export function conformanceDir(): string {
  const dir = path.resolve(repoRoot, "..", "shared", "conformance", "flyte-compiler");
  if (!existsSync(dir)) {
    throw new Error(
      `conformance data not found at ${dir}: the compiler suite needs ../shared/conformance/flyte-compiler next to the repository`,
    );
  }
  return dir;
}

export function listFiles(dir: string, suffix: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(suffix))
    .sort();
}

export function readJson(file: string): JsonValue {
  return JSON.parse(readFileSync(file, "utf8")) as JsonValue;
}

type Json = JsonValue;
type JsonObj = { [k: string]: Json };

function isObj(v: Json | undefined): v is JsonObj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

const TEST_KEYS = new Set(["testKey1", "testKey2", "testKey3"]);

/** Drops the three `testKeyN` container.config entries Flyte's test harness added to every task. */
export function dropTestConfig(task: Json | undefined): void {
  if (!isObj(task)) return;
  const template = task["template"];
  const container = isObj(template) ? template["container"] : undefined;
  if (!isObj(container) || !Array.isArray(container["config"])) return;
  const kept = container["config"].filter(
    (kv) => !(isObj(kv) && typeof kv["key"] === "string" && TEST_KEYS.has(kv["key"])),
  );
  if (kept.length > 0) container["config"] = kept;
  else delete container["config"];
}

function byKey(key: (v: Json) => string): (a: Json, b: Json) => number {
  return (a, b) => {
    const x = key(a);
    const y = key(b);
    return x < y ? -1 : x > y ? 1 : 0;
  };
}
const nodeId = (v: Json): string => (isObj(v) && typeof v["id"] === "string" ? v["id"] : "");
const templateName = (v: Json): string => {
  const t = isObj(v) ? v["template"] : undefined;
  const id = isObj(t) ? t["id"] : undefined;
  return isObj(id) && typeof id["name"] === "string" ? id["name"] : "";
};

/** Sorts what is a set in a compiled workflow: nodes by id, connection ids. */
function normaliseWorkflow(wf: Json | undefined): void {
  if (!isObj(wf)) return;
  const template = wf["template"];
  if (isObj(template) && Array.isArray(template["nodes"])) template["nodes"].sort(byKey(nodeId));
  const connections = wf["connections"];
  if (!isObj(connections)) return;
  for (const dir of ["upstream", "downstream"]) {
    const m = connections[dir];
    if (!isObj(m)) continue;
    for (const list of Object.values(m)) {
      if (isObj(list) && Array.isArray(list["ids"])) list["ids"].sort();
    }
  }
}

/**
 * A closure in comparable form: protobuf JSON (defaults omitted on both sides), test config
 * dropped, and sets (nodes, connection ids, tasks, sub-workflows) sorted.
 */
export function normaliseClosure(json: Json): Json {
  const c = structuredClone(json);
  if (!isObj(c)) return c;
  normaliseWorkflow(c["primary"]);
  const tasks = c["tasks"];
  if (Array.isArray(tasks)) {
    tasks.forEach(dropTestConfig);
    tasks.sort(byKey(templateName));
  }
  const subs = c["subWorkflows"];
  if (Array.isArray(subs)) {
    subs.forEach(normaliseWorkflow);
    subs.sort(byKey(templateName));
  }
  return c;
}

export function closureJson(c: CompiledWorkflowClosure): Json {
  return toJson(CompiledWorkflowClosureSchema, c);
}
