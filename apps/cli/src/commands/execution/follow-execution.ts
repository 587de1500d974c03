import { create } from "@bufbuild/protobuf";
import { timestampDate, timestampFromMs, type Timestamp } from "@bufbuild/protobuf/wkt";
import type { Execution } from "@flyte-ts/idl/gen/flyteidl/admin/execution_pb";
import type { NodeExecution } from "@flyte-ts/idl/gen/flyteidl/admin/node_execution_pb";
import { NodeExecution_Phase } from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";
import type { WorkflowExecutionIdentifier } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import { NodeExecutionEventSchema } from "@flyte-ts/idl/gen/flyteidl/event/event_pb";
import type { ProgressRenderer } from "../../progress/progress-renderer.js";
import { RemoteWaitingReasons } from "../../progress/remote-waiting.js";
import type { Remote } from "../../remote/remote-client.js";
import { isTerminalExecution } from "./execution-ref.js";
import { NodeNames } from "./node-names.js";

export interface FollowOptions {
  readonly remote: Remote;
  readonly id: WorkflowExecutionIdentifier;
  readonly progress: ProgressRenderer;
  /** Poll interval (default 300 ms). */
  readonly intervalMs?: number;
  /** Stops following (the execution keeps running); `followExecution` then returns the last state seen. */
  readonly signal?: AbortSignal;
}

const ms = (ts: Timestamp | undefined) => (ts ? timestampDate(ts).getTime() : undefined);
const sleep = (t: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, t);
    signal?.addEventListener("abort", onAbort, { once: true });
  });

const TERMINAL_NODE = new Set([
  NodeExecution_Phase.SUCCEEDED,
  NodeExecution_Phase.FAILED,
  NodeExecution_Phase.ABORTED,
  NodeExecution_Phase.SKIPPED,
  NodeExecution_Phase.TIMED_OUT,
  NodeExecution_Phase.RECOVERED,
]);

/**
 * Follows an execution until it ends: polls GetExecution and its node executions (and those of
 * parent nodes: sub-workflows, dynamic and map nodes) and feeds every node phase change to the
 * progress renderer as the engine would report it. Returns the final execution.
 */
export async function followExecution(o: FollowOptions): Promise<Execution> {
  const { remote, id, progress } = o;
  const interval = o.intervalMs ?? 300;
  const seen = new Map<string, NodeExecution_Phase>();
  progress.states.setRoot(id.name);
  let execution = await remote.admin.getExecution({ id });
  const names = await NodeNames.of(remote, execution);
  const waiting = new RemoteWaitingReasons({ remote, id, progress });
  const emit = (n: NodeExecution, parent: string | undefined) => {
    const nodeId = n.id?.nodeId ?? "";
    const phase = n.closure?.phase ?? NodeExecution_Phase.UNDEFINED;
    const before = seen.get(nodeId);
    if (before === phase) return;
    seen.set(nodeId, phase);
    const started = ms(n.closure?.startedAt);
    const ended = TERMINAL_NODE.has(phase)
      ? started !== undefined && n.closure?.duration
        ? started + Number(n.closure.duration.seconds) * 1000 + n.closure.duration.nanos / 1e6
        : ms(n.closure?.updatedAt)
      : undefined;
    const base = {
      id: { nodeId, executionId: id },
      specNodeId: n.metadata?.specNodeId || nodeId,
      nodeName: names.name(nodeId, n.metadata?.specNodeId || nodeId, parent),
      ...(parent ? { parentNodeMetadata: { nodeId: parent } } : {}),
    };
    // A node first seen finished (or last seen queued) still shows how long it ran: its start, then its end.
    const sawRunning =
      before !== undefined && before !== NodeExecution_Phase.QUEUED && before !== NodeExecution_Phase.UNDEFINED;
    if (TERMINAL_NODE.has(phase) && !sawRunning && started !== undefined) {
      progress.onEvent({
        kind: "node",
        event: create(NodeExecutionEventSchema, {
          ...base,
          phase: NodeExecution_Phase.RUNNING,
          occurredAt: timestampFromMs(started),
        }),
      });
    }
    const at = ended ?? started ?? Date.now();
    const error = n.closure?.outputResult.case === "error" ? n.closure.outputResult.value : undefined;
    progress.onEvent({
      kind: "node",
      event: create(NodeExecutionEventSchema, {
        ...base,
        phase,
        occurredAt: timestampFromMs(at),
        ...(error ? { outputResult: { case: "error", value: error } } : {}),
      }),
    });
  };
  const poll = async (parent: string | undefined, depth: number): Promise<void> => {
    const list = await remote.admin.listNodeExecutions({
      workflowExecutionId: id,
      limit: 1000,
      ...(parent ? { uniqueParentId: parent } : {}),
    });
    const nodes = [...list.nodeExecutions].sort(
      (a, b) => (ms(a.closure?.createdAt) ?? 0) - (ms(b.closure?.createdAt) ?? 0),
    );
    for (const n of nodes) {
      if (n.id?.nodeId === "start-node" || n.id?.nodeId === "end-node") continue;
      emit(n, parent);
      await waiting.check(n);
      if (n.metadata?.isParentNode && depth < 3) await poll(n.id?.nodeId, depth + 1);
    }
  };
  for (;;) {
    const phase = execution.closure?.phase;
    await poll(undefined, 0);
    if (phase !== undefined && isTerminalExecution(phase)) break;
    if (o.signal?.aborted) break;
    await sleep(interval, o.signal);
    execution = await remote.admin.getExecution({ id });
  }
  progress.finish();
  return execution;
}
