import { create } from "@bufbuild/protobuf";
import type { NodeExecution } from "@flyte-ts/idl/gen/flyteidl/admin/node_execution_pb";
import { NodeExecution_Phase, TaskExecution_Phase } from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";
import type { WorkflowExecutionIdentifier } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import { EventReasonSchema, TaskExecutionEventSchema } from "@flyte-ts/idl/gen/flyteidl/event/event_pb";
import { latestAttempt } from "../commands/nouns/task-reasons.js";
import type { Remote } from "../remote/remote-client.js";
import type { ProgressRenderer } from "./progress-renderer.js";

export interface RemoteWaitingOptions {
  readonly remote: Remote;
  readonly id: WorkflowExecutionIdentifier;
  readonly progress: ProgressRenderer;
}

/**
 * While following an execution on a server: a queued task node's newest attempt is looked up and,
 * when it waits for resources, its reason is fed to the progress renderer as the engine's task
 * event would be (once per reason). The node's next phase (running) ends the wait there.
 */
export class RemoteWaitingReasons {
  readonly #o: RemoteWaitingOptions;
  readonly #shown = new Map<string, string>();

  constructor(options: RemoteWaitingOptions) {
    this.#o = options;
  }

  async check(n: NodeExecution): Promise<void> {
    const nodeId = n.id?.nodeId ?? "";
    if (n.closure?.phase !== NodeExecution_Phase.QUEUED || n.metadata?.isParentNode) return;
    const { remote, id, progress } = this.#o;
    const r = await remote.admin.listTaskExecutions({ nodeExecutionId: { executionId: id, nodeId }, limit: 100 });
    const latest = latestAttempt(r.taskExecutions);
    const c = latest?.closure;
    if (!latest || c?.phase !== TaskExecution_Phase.WAITING_FOR_RESOURCES) return;
    const reason = c.reason || (c.reasons.at(-1)?.message ?? "");
    if (this.#shown.get(nodeId) === reason) return;
    this.#shown.set(nodeId, reason);
    progress.onEvent({
      kind: "task",
      event: create(TaskExecutionEventSchema, {
        parentNodeExecutionId: { executionId: id, nodeId },
        retryAttempt: latest.id?.retryAttempt ?? 0,
        phase: TaskExecution_Phase.WAITING_FOR_RESOURCES,
        reasons: [create(EventReasonSchema, { reason, ...(c.updatedAt ? { occurredAt: c.updatedAt } : {}) })],
      }),
    });
  }
}
