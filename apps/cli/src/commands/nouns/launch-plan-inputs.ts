import type { LaunchPlan } from "@flyte-ts/idl/gen/flyteidl/admin/launch_plan_pb";
import type { LiteralMap } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import {
  LaunchPlanEntity,
  typeFromLiteralType,
  WorkflowEntity,
  type EntityInterface,
  type FlyteType,
} from "@flyte-ts/sdk";
import { CliError, ExitCode } from "../../exit-codes.js";
import type { Remote } from "../../remote/remote-client.js";
import { remoteInputs } from "../run/remote-inputs.js";
import { resolveInputs, type RawInputs } from "../run/resolve-inputs.js";

/**
 * A launch plan registered on a server as an SDK entity: its expected inputs (types from the
 * server's LiteralTypes) with defaults marked, so `--input` values are parsed by the same rules
 * as `flyte run` uses for local entities.
 */
export function remoteLaunchPlanEntity(lp: LaunchPlan): LaunchPlanEntity {
  const inputs: Record<string, FlyteType<unknown>> = {};
  const defaults: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, p] of Object.entries(lp.closure?.expectedInputs?.parameters ?? {})) {
    const lt = p.var?.type;
    if (!lt) continue;
    const hasDefault = p.behavior.case === "default";
    try {
      inputs[name] = typeFromLiteralType(lt);
    } catch (e) {
      // An input of a type the CLI cannot write is fine as long as the launch plan has a default for it.
      if (!hasDefault) problems.push(`input '${name}': ${e instanceof Error ? e.message : String(e)}`);
      continue;
    }
    if (hasDefault) defaults[name] = p.behavior.value;
  }
  if (problems.length > 0) {
    throw new CliError(
      `cannot give the inputs of launch plan '${lp.id?.name}' from the command line:\n  ${problems.join("\n  ")}`,
      ExitCode.Failed,
    );
  }
  const iface: EntityInterface = {
    inputs,
    outputs: {},
    single: false,
    defaults,
    descriptions: { inputs: {}, outputs: {} },
  };
  const name = lp.id?.name ?? "";
  const definedAt = `${lp.id?.project}/${lp.id?.domain}/${name}@${lp.id?.version}`;
  const workflow = new WorkflowEntity({ iface, settings: { name: lp.spec?.workflowId?.name ?? name }, definedAt });
  return new LaunchPlanEntity({ iface, workflow, settings: { name }, definedAt });
}

/**
 * `--input`/`--inputs-file` values for a launch plan as a LiteralMap. Inputs left out that have
 * a default are omitted (the server applies the launch plan's default); every problem (unknown
 * name with the closest ones, wrong type naming the expected type, missing input) is a usage
 * error. Local files, folders and dataframes are uploaded through the data proxy.
 */
export async function launchPlanInputs(
  remote: Remote,
  lp: LaunchPlan,
  raw: RawInputs,
  cwd: string,
): Promise<LiteralMap> {
  const entity = remoteLaunchPlanEntity(lp);
  return remoteInputs(remote, entity, resolveInputs(entity, raw, cwd));
}
