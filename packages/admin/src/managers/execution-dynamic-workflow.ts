import { fromBinary } from "@bufbuild/protobuf";
import { NodeExecutionEventSchema, type DynamicWorkflowNodeMetadata } from "@flyte-ts/idl/gen/flyteidl/event/event_pb";
import type { NodeExecutionId } from "../persistence/repositories/node-execution-repository.js";
import type { Repositories } from "../persistence/repositories.js";

const PAGE = 1000;

/**
 * The compiled workflow a dynamic node generated, from its DYNAMIC_RUNNING event in the execution's
 * event log (the newest one, for retried parents). Undefined when the node reported none.
 */
export async function findDynamicWorkflow(
  repos: Repositories,
  id: NodeExecutionId,
): Promise<DynamicWorkflowNodeMetadata | undefined> {
  let found: DynamicWorkflowNodeMetadata | undefined;
  let afterSeq = 0;
  for (;;) {
    const page = await repos.events.list(id.executionId, { afterSeq, limit: PAGE });
    for (const e of page) {
      if (e.kind !== "node" || e.nodeId !== id.nodeId) continue;
      const event = fromBinary(NodeExecutionEventSchema, e.event);
      const meta = event.targetMetadata;
      if (meta.case === "taskNodeMetadata" && meta.value.dynamicWorkflow?.compiledWorkflow) {
        found = meta.value.dynamicWorkflow;
      }
    }
    if (page.length < PAGE) return found;
    afterSeq = page[page.length - 1]?.seq ?? afterSeq;
  }
}
