import { Code } from "@connectrpc/connect";
import { ExecutionState } from "@flyte-ts/idl/gen/flyteidl/admin/execution_pb";
import type { LaunchPlan } from "@flyte-ts/idl/gen/flyteidl/admin/launch_plan_pb";
import { ResourceType, WorkflowExecutionIdentifierSchema } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import type { Command } from "commander";
import type { CliContext } from "../../context.js";
import { CliError, ExitCode } from "../../exit-codes.js";
import { parseOutputFormat } from "../../output/format.js";
import { messageJson, renderYaml } from "../../output/proto-output.js";
import type { RemoteFlags } from "../../remote/cli-config.js";
import { isRpcCode, type Remote } from "../../remote/remote-client.js";
import { remoteFor, withRemoteOptions } from "../../remote/remote-options.js";
import { LAUNCH_PLAN_KIND } from "./entity-kinds.js";
import { getExecutionOrSuggest } from "./get-executions.js";
import { launchPlanInputs } from "./launch-plan-inputs.js";
import { withOutputOption, type OutputFlags } from "./list-options.js";
import { namedEntityNames, notFoundError } from "./not-found.js";

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** The launch plan to run: the given version, else the active one, else the newest. */
async function launchPlanToRun(remote: Remote, name: string, version: string | undefined): Promise<LaunchPlan> {
  const { project, domain } = remote.config;
  const id = { project, domain, name };
  if (version !== undefined) {
    try {
      return await remote.admin.getLaunchPlan({ id: { resourceType: ResourceType.LAUNCH_PLAN, ...id, version } });
    } catch (e) {
      if (!isRpcCode(e, Code.NotFound)) throw e;
    }
  } else {
    try {
      return await remote.admin.getActiveLaunchPlan({ id });
    } catch (e) {
      if (!isRpcCode(e, Code.NotFound)) throw e;
    }
  }
  const versions = await LAUNCH_PLAN_KIND.list(remote, { id, limit: 500, token: "", filters: "" });
  const newest = versions.items[0];
  if (newest && version === undefined) return newest;
  if (newest && version !== undefined) {
    throw notFoundError({
      what: `version of launch plan '${name}'`,
      name: version,
      where: `${project}/${domain}`,
      candidates: versions.items.map((v) => v.id?.version ?? ""),
      listWith: `flyte get launchplan ${name} -p ${project} -d ${domain}`,
    });
  }
  throw notFoundError({
    what: "launch plan",
    name,
    where: `${project}/${domain}`,
    candidates: await namedEntityNames(remote, ResourceType.LAUNCH_PLAN),
    listWith: `flyte get launchplan -p ${project} -d ${domain}`,
  });
}

interface CreateExecutionFlags extends RemoteFlags, OutputFlags {
  launchplan: string;
  version?: string;
  input?: string[];
  inputsFile?: string;
  name?: string;
}

/** `input` pairs `a=1` → `[a, "1"]`. */
function inputPairs(inputs: readonly string[] | undefined): [string, string][] {
  return (inputs ?? []).map((p) => {
    const eq = p.indexOf("=");
    if (eq <= 0) throw new CliError(`--input must be name=value, got "${p}"`, ExitCode.Usage);
    return [p.slice(0, eq), p.slice(eq + 1)];
  });
}

/** `flyte create execution --launchplan NAME [--version V] --input a=1 [--inputs-file f.yaml]`. */
export function registerCreateExecution(create: Command, ctx: CliContext): void {
  const cmd = create
    .command("execution")
    .description("Launch an execution of a registered launch plan (and return at once)")
    .requiredOption("--launchplan <name>", "the launch plan to run (a workflow's default launch plan has its name)")
    .option("--version <version>", "the launch plan version (default: the active one, else the newest)")
    .option("--input <name=value>", "an input, parsed by its declared type (repeatable)", collect)
    .option("--inputs-file <file>", "inputs as a YAML/JSON mapping (flags win)")
    .option("--name <name>", "the execution name (default: generated)");
  withRemoteOptions(withOutputOption(cmd))
    .addHelpText(
      "after",
      `
Examples:
  $ flyte create execution --launchplan my.wf --input n=3 --input name=world
  $ flyte create execution --launchplan my.wf --version v2 --inputs-file inputs.yaml
  $ NAME=$(flyte create execution --launchplan my.wf) && flyte get execution "$NAME"

Prints the execution name (or its id with -o json|yaml). Follow it with flyte execution watch NAME.`,
    )
    .action(async (flags: CreateExecutionFlags) => {
      const format = parseOutputFormat(flags.output);
      const pairs = inputPairs(flags.input);
      if (flags.name !== undefined && !/^[a-z][a-z\-0-9]*$/.test(flags.name)) {
        throw new CliError(
          `--name must start with a letter and hold lowercase letters, digits and '-', got "${flags.name}"`,
          ExitCode.Usage,
        );
      }
      const remote = remoteFor(flags, ctx);
      const lp = await launchPlanToRun(remote, flags.launchplan, flags.version);
      const inputs = await launchPlanInputs(
        remote,
        lp,
        { pairs, ...(flags.inputsFile !== undefined ? { inputsFile: flags.inputsFile } : {}) },
        ctx.io.cwd,
      );
      const { project, domain } = remote.config;
      const res = await remote.admin.createExecution({
        project,
        domain,
        name: flags.name ?? "",
        spec: { launchPlan: lp.id, metadata: {} },
        inputs,
      });
      const id = res.id;
      if (format === "table") {
        ctx.io.stdout(`${id?.name ?? ""}\n`);
        ctx.io.stderr(
          `launched ${lp.id?.name}@${lp.id?.version}; follow it with: flyte execution watch ${id?.name ?? ""}\n`,
        );
        return;
      }
      const json = id ? messageJson(WorkflowExecutionIdentifierSchema, id) : null;
      ctx.io.stdout(format === "json" ? JSON.stringify(json, null, 2) + "\n" : renderYaml(json));
    });
}

/** `flyte delete execution NAME [--reason R]`: terminates a running execution. */
export function registerDeleteExecution(del: Command, ctx: CliContext): void {
  withRemoteOptions(
    del
      .command("execution")
      .description("Terminate a running execution (its nodes are aborted; it ends ABORTED)")
      .argument("<name>", "the execution name")
      .option("--reason <text>", "why (shown as the abort cause)", "terminated with flyte delete execution"),
  )
    .addHelpText(
      "after",
      `
Examples:
  $ flyte delete execution a1b2c3d4e5f6g7h8i9j0 --reason "wrong inputs"
Same as: flyte execution terminate NAME. To hide a finished execution: flyte update execution NAME --archive`,
    )
    .action(async (name: string, flags: RemoteFlags & { reason: string }) => {
      const remote = remoteFor(flags, ctx);
      const exec = await getExecutionOrSuggest(remote, name);
      await remote.admin.terminateExecution({ id: exec.id, cause: flags.reason });
      ctx.io.stdout(`terminated execution ${name}\n`);
    });
}

/** `flyte update execution NAME --archive|--activate`. */
export function registerUpdateExecution(update: Command, ctx: CliContext): void {
  withRemoteOptions(
    update
      .command("execution")
      .description("Archive an execution (hidden from lists) or make it active again")
      .argument("<name>", "the execution name")
      .option("--archive", "archive it")
      .option("--activate", "make an archived execution active again")
      .option("--tags <a,b>", "(not supported by Flyte's UpdateExecution: tags are set when an execution is created)"),
  )
    .addHelpText(
      "after",
      `
Examples:
  $ flyte update execution a1b2c3d4e5f6g7h8i9j0 --archive
  $ flyte get execution --filter "state=EXECUTION_ARCHIVED"     # archived ones
  $ flyte update execution a1b2c3d4e5f6g7h8i9j0 --activate`,
    )
    .action(async (name: string, flags: RemoteFlags & { archive?: boolean; activate?: boolean; tags?: string }) => {
      if (flags.tags !== undefined) {
        throw new CliError(
          "Flyte's UpdateExecution changes only an execution's state (--archive / --activate); tags are fixed when it is created. " +
            "Relaunch it to get an execution with other tags.",
          ExitCode.Usage,
        );
      }
      if (Boolean(flags.archive) === Boolean(flags.activate)) {
        throw new CliError("give exactly one of --archive or --activate", ExitCode.Usage);
      }
      const remote = remoteFor(flags, ctx);
      const exec = await getExecutionOrSuggest(remote, name);
      const state = flags.archive ? ExecutionState.EXECUTION_ARCHIVED : ExecutionState.EXECUTION_ACTIVE;
      await remote.admin.updateExecution({ id: exec.id, state });
      ctx.io.stdout(`${flags.archive ? "archived" : "activated"} execution ${name}\n`);
    });
}
