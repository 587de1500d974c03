/** Serializes and compiles the benchmark workflows once (SDK `buildPackage` + `checkPackage`, as registration would). */
import type { CompiledWorkflowClosure } from "@flyte-ts/idl/gen/flyteidl/core/compiler_pb";
import { buildPackage, checkPackage } from "@flyte-ts/sdk";
import * as workflows from "./bench-workflows.js";

/** The module path the ts-task workers import, relative to the engine package root. */
export const BENCH_MODULE = "bench/bench-workflows.ts";

export type WorkflowName = "chain100" | "fanout100" | "mapInc" | "chain3" | "gated";

export async function benchClosures(): Promise<Record<WorkflowName, CompiledWorkflowClosure>> {
  const pkg = await buildPackage([{ modulePath: BENCH_MODULE, exports: workflows }]);
  const check = checkPackage(pkg);
  if (!check.ok) throw new Error(`bench workflows do not compile: ${check.errors.map((e) => e.message).join("; ")}`);
  const byName = new Map<string, CompiledWorkflowClosure>();
  for (const e of pkg.entries) {
    const c = e.kind === "workflow" ? check.workflows.get(e.fileName) : undefined;
    if (c) byName.set(e.name.split(".").at(-1) ?? e.name, c);
  }
  const get = (n: WorkflowName): CompiledWorkflowClosure => {
    const c = byName.get(n);
    if (!c) throw new Error(`workflow ${n} was not serialized`);
    return c;
  };
  return {
    chain100: get("chain100"),
    fanout100: get("fanout100"),
    mapInc: get("mapInc"),
    chain3: get("chain3"),
    gated: get("gated"),
  };
}
