import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { NodeExecution } from "@flyte-ts/idl/gen/flyteidl/admin/node_execution_pb";
import type { WorkflowExecutionIdentifier } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import type { CliContext } from "../../context.js";
import { paint } from "../../output/format.js";
import type { Remote } from "../../remote/remote-client.js";

/** Every node execution of an execution, parents before their children. */
export async function allNodeExecutions(remote: Remote, id: WorkflowExecutionIdentifier): Promise<NodeExecution[]> {
  const out: NodeExecution[] = [];
  const visit = async (parent: string | undefined, depth: number): Promise<void> => {
    const list = await remote.admin.listNodeExecutions({
      workflowExecutionId: id,
      limit: 1000,
      ...(parent ? { uniqueParentId: parent } : {}),
    });
    for (const n of list.nodeExecutions) {
      const nodeId = n.id?.nodeId ?? "";
      if (nodeId === "start-node" || nodeId === "end-node") continue;
      out.push(n);
      if (n.metadata?.isParentNode && depth < 5) await visit(nodeId, depth + 1);
    }
  };
  await visit(undefined, 0);
  return out;
}

/** The text behind a log link, when this machine can read it (a local file, or an http(s) URL that answers). */
async function logContent(uri: string): Promise<string | undefined> {
  try {
    if (uri.startsWith("file://")) {
      const path = fileURLToPath(uri);
      return existsSync(path) ? await readFile(path, "utf8") : undefined;
    }
    if (/^https?:\/\//.test(uri)) {
      const res = await fetch(uri, { signal: AbortSignal.timeout(10_000) });
      return res.ok ? await res.text() : undefined;
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/**
 * `flyte execution logs`: for every task attempt of the execution, its log links, and the log
 * itself when it can be read from here (the server writes TypeScript task logs under its data
 * dir). Returns how many attempts had logs.
 */
export async function printLogs(
  ctx: CliContext,
  remote: Remote,
  id: WorkflowExecutionIdentifier,
  o: { content: boolean; node?: string },
): Promise<number> {
  const { io } = ctx;
  let attempts = 0;
  for (const n of await allNodeExecutions(remote, id)) {
    const nodeId = n.id?.nodeId ?? "";
    if (o.node !== undefined && nodeId !== o.node) continue;
    const tasks = await remote.admin.listTaskExecutions({ nodeExecutionId: n.id, limit: 100 });
    for (const t of tasks.taskExecutions) {
      attempts += 1;
      const task = t.id?.taskId?.name ?? "?";
      const header = `node ${nodeId} (${task.split(".").pop() ?? task}) attempt ${(t.id?.retryAttempt ?? 0) + 1}`;
      const logs = t.closure?.logs ?? [];
      if (logs.length === 0) {
        io.stdout(`${paint(io.color, "bold", header)}: no logs\n`);
        continue;
      }
      for (const log of logs) {
        io.stdout(`${paint(io.color, "bold", header)}: ${log.name || "log"} ${log.uri}\n`);
        if (!o.content) continue;
        const text = await logContent(log.uri);
        if (text === undefined) io.stdout(paint(io.color, "dim", "  (not readable from here)\n"));
        else if (text === "") io.stdout(paint(io.color, "dim", "  (empty)\n"));
        else io.stdout(text.endsWith("\n") ? text : `${text}\n`);
      }
    }
  }
  return attempts;
}
