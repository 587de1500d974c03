import { Code } from "@connectrpc/connect";
import { LaunchPlanState } from "@flyte-ts/idl/gen/flyteidl/admin/launch_plan_pb";
import { ResourceType } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import type { Command } from "commander";
import type { CliContext } from "../../context.js";
import { CliError, ExitCode } from "../../exit-codes.js";
import type { RemoteFlags } from "../../remote/cli-config.js";
import { isRpcCode, type Remote } from "../../remote/remote-client.js";
import { remoteFor, withRemoteOptions } from "../../remote/remote-options.js";
import { LAUNCH_PLAN_KIND } from "./entity-kinds.js";
import { namedEntityNames, notFoundError } from "./not-found.js";

/**
 * Activates (the single active version of the name; its schedule starts) or deactivates a launch
 * plan version. Without a version, activation picks the newest version and deactivation the
 * active one. Returns the version changed.
 */
export async function setLaunchPlanState(
  remote: Remote,
  name: string,
  version: string | undefined,
  active: boolean,
): Promise<string> {
  const { project, domain } = remote.config;
  const where = `${project}/${domain}`;
  const versions = await LAUNCH_PLAN_KIND.list(remote, {
    id: { project, domain, name },
    limit: 500,
    token: "",
    filters: "",
  });
  if (versions.items.length === 0) {
    throw notFoundError({
      what: "launch plan",
      name,
      where,
      candidates: await namedEntityNames(remote, ResourceType.LAUNCH_PLAN),
      listWith: `flyte get launchplan -p ${project} -d ${domain}`,
    });
  }
  let target = version;
  if (target === undefined) {
    const pick = active ? versions.items[0] : versions.items.find((v) => v.closure?.state === LaunchPlanState.ACTIVE);
    if (!pick)
      throw new CliError(
        `launch plan '${name}' has no active version in ${where}: nothing to deactivate`,
        ExitCode.Failed,
      );
    target = pick.id?.version ?? "";
  } else if (!versions.items.some((v) => v.id?.version === target)) {
    throw notFoundError({
      what: `version of launch plan '${name}'`,
      name: target,
      where,
      candidates: versions.items.map((v) => v.id?.version ?? ""),
      listWith: `flyte get launchplan ${name} -p ${project} -d ${domain}`,
    });
  }
  try {
    await remote.admin.updateLaunchPlan({
      id: { resourceType: ResourceType.LAUNCH_PLAN, project, domain, name, version: target },
      state: active ? LaunchPlanState.ACTIVE : LaunchPlanState.INACTIVE,
    });
  } catch (e) {
    if (isRpcCode(e, Code.NotFound))
      throw new CliError(`launch plan '${name}' version ${target} not found in ${where}`, ExitCode.Failed);
    throw e;
  }
  return target;
}

interface StateFlags extends RemoteFlags {
  version?: string;
  activate?: boolean;
  deactivate?: boolean;
}

async function runStateChange(ctx: CliContext, name: string, flags: StateFlags, active: boolean): Promise<void> {
  const remote = remoteFor(flags, ctx);
  const version = await setLaunchPlanState(remote, name, flags.version, active);
  ctx.io.stdout(`${active ? "activated" : "deactivated"} launch plan ${name} version ${version}\n`);
}

/** `flyte update launchplan NAME --version V --activate|--deactivate`. */
export function registerUpdateLaunchPlan(update: Command, ctx: CliContext): void {
  withRemoteOptions(
    update
      .command("launchplan")
      .description("Activate or deactivate a launch plan version (one version of a name is active; its schedule runs)")
      .argument("<name>", "the launch plan name")
      .option("--version <version>", "the version (default: newest to activate, the active one to deactivate)")
      .option("--activate", "make this version the active one")
      .option("--deactivate", "deactivate it (stops its schedule)"),
  )
    .addHelpText(
      "after",
      `
Examples:
  $ flyte update launchplan my.wf.nightly --version v3 --activate
  $ flyte update launchplan my.wf.nightly --deactivate
Same as: flyte launchplan activate|deactivate NAME --version V`,
    )
    .action(async (name: string, flags: StateFlags) => {
      if (Boolean(flags.activate) === Boolean(flags.deactivate)) {
        throw new CliError("give exactly one of --activate or --deactivate", ExitCode.Usage);
      }
      await runStateChange(ctx, name, flags, flags.activate === true);
    });
}

/** `flyte launchplan activate|deactivate NAME [--version V]`. */
export function registerLaunchPlanVerbs(launchplan: Command, ctx: CliContext): void {
  for (const verb of ["activate", "deactivate"] as const) {
    withRemoteOptions(
      launchplan
        .command(verb)
        .description(
          verb === "activate"
            ? "Make a version the active one of its name (its schedule starts; the previous one stops)"
            : "Deactivate a launch plan version (its schedule stops)",
        )
        .argument("<name>", "the launch plan name")
        .option(
          "--version <version>",
          verb === "activate" ? "the version (default: the newest)" : "the version (default: the active one)",
        ),
    )
      .addHelpText(
        "after",
        `\nExamples:\n  $ flyte launchplan ${verb} my.wf.nightly --version v3\n  $ flyte launchplan ${verb} my.wf.nightly -p myproject -d production`,
      )
      .action(async (name: string, flags: StateFlags) => runStateChange(ctx, name, flags, verb === "activate"));
  }
}
