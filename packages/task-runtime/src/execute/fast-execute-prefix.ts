import type { DynamicJobSpec } from "@flyte-ts/idl/gen/flyteidl/core/dynamic_job_pb";
import { EXECUTE_ENTRYPOINT, FAST_EXECUTE_ENTRYPOINT, MAP_EXECUTE_ENTRYPOINT } from "../args/execute-args.js";

/**
 * A dynamic task that ran from a fast-registered bundle writes task templates for the tasks it
 * calls; they live in the same bundle, so their command lines get the same fast-execute prefix
 * (as flytekit does for fast-registered dynamic tasks). Templates of other entrypoints are kept.
 */
export function withFastExecute(spec: DynamicJobSpec, bundleUri: string, destDir: string): DynamicJobSpec {
  for (const t of spec.tasks) {
    if (t.target.case !== "container") continue;
    const c = t.target.value;
    if (c.args[0] !== EXECUTE_ENTRYPOINT && c.args[0] !== MAP_EXECUTE_ENTRYPOINT) continue;
    c.args = [FAST_EXECUTE_ENTRYPOINT, "--additional-distribution", bundleUri, "--dest-dir", destDir, "--", ...c.args];
  }
  return spec;
}
