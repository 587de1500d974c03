import { create } from "@bufbuild/protobuf";
import { ExecutionMetadata_ExecutionMode } from "@flyte-ts/idl/gen/flyteidl/admin/execution_pb";
import { IdentifierSchema, ResourceType } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import type { Entity } from "@flyte-ts/sdk";
import type { CliContext } from "../../context.js";
import { CliError, ExitCode } from "../../exit-codes.js";
import { paint, renderData, type OutputFormat } from "../../output/format.js";
import { resolveRemoteConfig, type RemoteFlags } from "../../remote/cli-config.js";
import { openRemote } from "../../remote/remote-client.js";
import { consoleUrl, formatExecution } from "../execution/execution-ref.js";
import { followAndReport } from "../execution/follow-and-report.js";
import { registerCode } from "../register/register-code.js";
import { remoteInputs } from "./remote-inputs.js";
import { waitForServer } from "./wait-for-server.js";

export interface RemoteRunOptions extends RemoteFlags {
  readonly wait: boolean;
  readonly format: OutputFormat;
  readonly image?: string;
  readonly version?: string;
  readonly root?: string;
  /** How long to wait for a local server that is still starting. */
  readonly connectTimeoutMs: number;
}

/**
 * `flyte run --remote`: fast-registers the file's code (version = a hash of the code, so an
 * unchanged file registers nothing new), creates an execution of the entity (a task runs as
 * Flyte's single-task execution, a workflow through its default launch plan) and follows it
 * live, or prints its id at once with --wait=false.
 */
export async function runRemote(
  ctx: CliContext,
  file: string,
  entity: Entity,
  values: Readonly<Record<string, unknown>>,
  o: RemoteRunOptions,
): Promise<void> {
  const { io } = ctx;
  const config = resolveRemoteConfig(o, io.env, io.cwd);
  const remote = openRemote(config);
  await waitForServer(remote, o.connectTimeoutMs, io);
  const reg = await registerCode(
    [file],
    {
      ...pickFlags(o),
      output: "table",
      ...(o.version !== undefined ? { version: o.version } : {}),
      ...(o.root !== undefined ? { root: o.root } : {}),
      ...(o.image !== undefined ? { image: o.image } : {}),
    },
    ctx,
  );
  const refused = reg.rows.filter((r) => r.status === "conflict" || r.status === "failed");
  if (refused.length > 0) {
    const list = refused.map(
      (r) => `  - ${r.kind} ${r.name}@${r.version}: ${r.status}\n    ${(r.message ?? "").replace(/\n/g, "\n    ")}`,
    );
    throw new CliError(`registering ${file} failed, nothing was run:\n${list.join("\n")}`, ExitCode.Failed);
  }
  const created = reg.rows.filter((r) => r.status === "created").length;
  io.stderr(
    `${paint(io.color, "dim", "registered")} ${file} at version ${reg.version} (${created > 0 ? `${created} new entities` : "nothing new"}) on ${config.endpoint}\n`,
  );
  const name = entity.name;
  if (name === undefined) throw new CliError(`${entity.label} has no name: export it from ${file}`, ExitCode.Usage);
  const resourceType = entity.kind === "task" ? ResourceType.TASK : ResourceType.LAUNCH_PLAN;
  const target = create(IdentifierSchema, {
    resourceType,
    project: config.project,
    domain: config.domain,
    name,
    version: reg.version,
  });
  const inputs = await remoteInputs(remote, entity, values);
  const created_ = await remote.admin.createExecution({
    project: config.project,
    domain: config.domain,
    spec: { launchPlan: target, metadata: { mode: ExecutionMetadata_ExecutionMode.MANUAL }, inputs },
    inputs,
  });
  const id = created_.id;
  if (!id) throw new CliError("the server created an execution but did not say its id", ExitCode.Internal);
  const url = consoleUrl(config.endpoint, id);
  if (!o.wait) {
    if (o.format === "table") io.stdout(`${formatExecution(id)}\n`);
    else io.stdout(renderData(o.format, { execution: formatExecution(id), name: id.name, url }));
    io.stderr(
      `started ${entity.label} as ${id.name}: ${url}\nfollow it with: flyte execution watch ${id.name} -p ${id.project} -d ${id.domain}\n`,
    );
    return;
  }
  io.stderr(`${paint(io.color, "bold", "running")} ${entity.label} remotely as ${id.name} (${url})\n`);
  await followAndReport(ctx, { remote, id, format: o.format });
}

const pickFlags = (o: RemoteFlags): RemoteFlags => ({
  ...(o.endpoint !== undefined ? { endpoint: o.endpoint } : {}),
  ...(o.project !== undefined ? { project: o.project } : {}),
  ...(o.domain !== undefined ? { domain: o.domain } : {}),
  ...(o.config !== undefined ? { config: o.config } : {}),
});
