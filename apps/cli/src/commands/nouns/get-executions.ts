import { Code } from "@connectrpc/connect";
import { ExecutionSchema, type Execution } from "@flyte-ts/idl/gen/flyteidl/admin/execution_pb";
import { NodeExecutionSchema, type NodeExecution } from "@flyte-ts/idl/gen/flyteidl/admin/node_execution_pb";
import { TaskExecutionSchema } from "@flyte-ts/idl/gen/flyteidl/admin/task_execution_pb";
import type { Command } from "commander";
import type { CliContext } from "../../context.js";
import { CliError, ExitCode } from "../../exit-codes.js";
import { renderMessages } from "../../output/proto-output.js";
import type { RemoteFlags } from "../../remote/cli-config.js";
import { isRpcCode, type Remote } from "../../remote/remote-client.js";
import { remoteFor, withRemoteOptions } from "../../remote/remote-options.js";
import {
  EXECUTION_COLUMNS,
  EXECUTION_DETAIL_COLUMNS,
  nodeExecutionColumns,
  TASK_EXECUTION_COLUMNS,
} from "./execution-columns.js";
import { FILTER_HELP } from "./filters.js";
import { fetchPages, parseListFlags, withListOptions, type ListFlags } from "./list-options.js";
import { notFoundError, recentExecutionNames } from "./not-found.js";
import { nodeWaitingReasons } from "./task-reasons.js";

type Flags = ListFlags & RemoteFlags;

/** Gets one execution; NOT_FOUND names the closest recent executions. */
export async function getExecutionOrSuggest(remote: Remote, name: string): Promise<Execution> {
  const { project, domain } = remote.config;
  try {
    return await remote.admin.getExecution({ id: { project, domain, name } });
  } catch (e) {
    if (!isRpcCode(e, Code.NotFound)) throw e;
    throw notFoundError({
      what: "execution",
      name,
      where: `${project}/${domain}`,
      candidates: await recentExecutionNames(remote),
      listWith: `flyte get execution -p ${project} -d ${domain}`,
    });
  }
}

/** `flyte get execution [name]`. */
export function registerGetExecution(get: Command, ctx: CliContext): void {
  const cmd = get
    .command("execution")
    .description("List executions (newest first), or show one")
    .argument("[name]", "the execution name; without it, list executions");
  withRemoteOptions(withListOptions(cmd))
    .addHelpText(
      "after",
      `
Examples:
  $ flyte get execution                                    # the newest 100
  $ flyte get execution --filter "phase=FAILED" --limit 10
  $ flyte get execution --filter "launch_plan.name=my.wf,phase=RUNNING;QUEUED"
  $ flyte get execution --sort-by created_at:asc --all -o json
  $ flyte get execution a1b2c3d4e5f6g7h8i9j0 -o yaml        # every field of one execution

${FILTER_HELP}`,
    )
    .action(async (name: string | undefined, flags: Flags) => {
      const query = parseListFlags(flags);
      const remote = remoteFor(flags, ctx);
      const { project, domain } = remote.config;
      const executions =
        name !== undefined
          ? [await getExecutionOrSuggest(remote, name)]
          : await fetchPages(query, ctx, async (page) => {
              const r = await remote.admin.listExecutions({
                id: { project, domain },
                filters: query.filters,
                ...(query.sortBy ? { sortBy: query.sortBy } : {}),
                ...page,
              });
              return { items: r.executions, token: r.token };
            });
      const out = renderMessages({
        format: query.format,
        schema: ExecutionSchema,
        messages: executions,
        columns: name !== undefined ? EXECUTION_DETAIL_COLUMNS : EXECUTION_COLUMNS,
        color: ctx.io.color,
        single: name !== undefined,
      });
      ctx.io.stdout(out);
    });
}

/** `flyte get node-execution EXECUTION [NODE]`. */
export function registerGetNodeExecution(get: Command, ctx: CliContext): void {
  const cmd = get
    .command("node-execution")
    .description("List the node executions of an execution, or show one node")
    .argument("<execution>", "the execution name")
    .argument("[node]", "a node id (n0, n1-0-dn2, ...); without it, list the top-level nodes")
    .option("--parent <node>", "list the children of this node (sub-workflow, dynamic, array nodes)");
  withRemoteOptions(withListOptions(cmd))
    .addHelpText(
      "after",
      `
Examples:
  $ flyte get node-execution a1b2c3d4e5f6g7h8i9j0
  $ flyte get node-execution a1b2c3d4e5f6g7h8i9j0 --filter "phase=FAILED"
  $ flyte get node-execution a1b2c3d4e5f6g7h8i9j0 --parent n1      # children of a dynamic node
  $ flyte get node-execution a1b2c3d4e5f6g7h8i9j0 n0 -o yaml

${FILTER_HELP}`,
    )
    .action(async (execution: string, node: string | undefined, flags: Flags & { parent?: string }) => {
      const query = parseListFlags(flags);
      const remote = remoteFor(flags, ctx);
      const exec = await getExecutionOrSuggest(remote, execution);
      const executionId = exec.id;
      let nodes: NodeExecution[];
      if (node !== undefined) {
        await requireNode(remote, executionId, execution, node);
        nodes = [await remote.admin.getNodeExecution({ id: { executionId, nodeId: node } })];
      } else {
        nodes = await fetchPages(query, ctx, async (page) => {
          const r = await remote.admin.listNodeExecutions({
            workflowExecutionId: executionId,
            filters: query.filters,
            uniqueParentId: flags.parent ?? "",
            ...(query.sortBy ? { sortBy: query.sortBy } : {}),
            ...page,
          });
          return { items: r.nodeExecutions, token: r.token };
        });
      }
      const reasons =
        query.format === "table" ? await nodeWaitingReasons(remote, executionId, nodes) : new Map<string, string>();
      const out = renderMessages({
        format: query.format,
        schema: NodeExecutionSchema,
        messages: nodes,
        columns: nodeExecutionColumns(reasons),
        color: ctx.io.color,
        single: node !== undefined,
      });
      ctx.io.stdout(out);
    });
}

/** Throws NOT_FOUND with the closest node ids when `node` is not a node of the execution. */
async function requireNode(
  remote: Remote,
  executionId: Execution["id"],
  execution: string,
  node: string,
): Promise<void> {
  try {
    await remote.admin.getNodeExecution({ id: { executionId, nodeId: node } });
  } catch (e) {
    if (!isRpcCode(e, Code.NotFound)) throw e;
    const all = await remote.admin.listNodeExecutions({ workflowExecutionId: executionId, limit: 1000 });
    throw notFoundError({
      what: "node",
      name: node,
      where: `execution ${execution}`,
      candidates: all.nodeExecutions.map((n) => n.id?.nodeId ?? ""),
      listWith: `flyte get node-execution ${execution}`,
    });
  }
}

/** `flyte get task-execution EXECUTION NODE [ATTEMPT]`. */
export function registerGetTaskExecution(get: Command, ctx: CliContext): void {
  const cmd = get
    .command("task-execution")
    .description("List the task attempts of a node, or show one attempt")
    .argument("<execution>", "the execution name")
    .argument("<node>", "the node id")
    .argument("[attempt]", "a retry attempt (0, 1, ...); without it, list every attempt");
  withRemoteOptions(withListOptions(cmd))
    .addHelpText(
      "after",
      `
Examples:
  $ flyte get task-execution a1b2c3d4e5f6g7h8i9j0 n0
  $ flyte get task-execution a1b2c3d4e5f6g7h8i9j0 n0 1 -o yaml     # the second attempt, logs included`,
    )
    .action(async (execution: string, node: string, attempt: string | undefined, flags: Flags) => {
      const query = parseListFlags(flags);
      if (attempt !== undefined && !/^\d+$/.test(attempt)) {
        throw new CliError(`attempt must be a number (0 is the first attempt), got "${attempt}"`, ExitCode.Usage);
      }
      const remote = remoteFor(flags, ctx);
      const exec = await getExecutionOrSuggest(remote, execution);
      const nodeExecutionId = { executionId: exec.id, nodeId: node };
      let tasks = await fetchPages(query, ctx, async (page) => {
        const r = await remote.admin.listTaskExecutions({
          nodeExecutionId,
          filters: query.filters,
          ...(query.sortBy ? { sortBy: query.sortBy } : {}),
          ...page,
        });
        return { items: r.taskExecutions, token: r.token };
      });
      if (tasks.length === 0 && query.filters === "") await requireNode(remote, exec.id, execution, node);
      if (attempt !== undefined) {
        const all = tasks;
        tasks = all.filter((t) => t.id?.retryAttempt === Number(attempt));
        if (tasks.length === 0) {
          const have = all.map((t) => String(t.id?.retryAttempt ?? 0)).join(", ") || "none";
          throw new CliError(
            `node ${node} of execution ${execution} has no attempt ${attempt} (NOT_FOUND); its attempts: ${have}`,
            ExitCode.Failed,
          );
        }
      }
      const out = renderMessages({
        format: query.format,
        schema: TaskExecutionSchema,
        messages: tasks,
        columns: TASK_EXECUTION_COLUMNS,
        color: ctx.io.color,
        single: attempt !== undefined,
      });
      ctx.io.stdout(out);
    });
}
