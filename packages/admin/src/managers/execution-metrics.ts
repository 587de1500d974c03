import { create } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import {
  WorkflowExecutionGetMetricsResponseSchema,
  type WorkflowExecutionGetMetricsRequest,
  type WorkflowExecutionGetMetricsResponse,
} from "@flyte-ts/idl/gen/flyteidl/admin/execution_pb";
import { SpanSchema, type Span } from "@flyte-ts/idl/gen/flyteidl/core/metrics_pb";
import type { NamedId } from "../persistence/repositories/common.js";
import type { NodeExecutionModel } from "../persistence/repositories/node-execution-repository.js";
import type { Repositories } from "../persistence/repositories.js";
import { Violations } from "../validation/request-errors.js";
import {
  toExecutionIdentifier,
  toNodeExecutionIdentifier,
  toTaskExecutionIdentifier,
  validateExecutionId,
} from "./execution-ids.js";

/** Flyte's default depth of the span tree. */
const DEFAULT_DEPTH = 10;
const MAX_NODES = 10_000;

interface Timed {
  startedAt: number | null;
  durationMs: number | null;
  createdAt: number;
  updatedAt: number;
}

const times = (t: Timed) => {
  const start = t.startedAt ?? t.createdAt;
  const end = t.durationMs !== null ? start + t.durationMs : t.updatedAt;
  return { startTime: timestampFromMs(start), endTime: timestampFromMs(Math.max(start, end)) };
};

/**
 * GetExecutionMetrics (the console's timeline): a span for the execution, one per node execution
 * nested under its parent node, and one per task attempt under its node, down to `depth` levels.
 */
export async function executionMetrics(
  repos: Repositories,
  req: WorkflowExecutionGetMetricsRequest,
): Promise<WorkflowExecutionGetMetricsResponse> {
  const v = new Violations();
  const id = validateExecutionId(v, "id", req.id);
  if (req.depth < 0) v.invalid("depth", `depth must not be negative, got ${req.depth}`);
  v.throwIfAny("GetExecutionMetrics request");
  const eid = id as NamedId;
  const depth = req.depth === 0 ? DEFAULT_DEPTH : req.depth;
  const ex = await repos.executions.get(eid);
  const nodes = (await repos.nodeExecutions.list({ executionId: eid }, { limit: MAX_NODES })).items;
  const children = new Map<string | null, NodeExecutionModel[]>();
  for (const n of nodes) children.set(n.parentNodeId, [...(children.get(n.parentNodeId) ?? []), n]);
  const nodeSpan = async (n: NodeExecutionModel, level: number): Promise<Span> => {
    const spans: Span[] = [];
    if (level < depth) {
      for (const attempt of (await repos.taskExecutions.list(n.id, { limit: 1000 })).items) {
        spans.push(
          create(SpanSchema, {
            ...times(attempt),
            id: { case: "taskId", value: toTaskExecutionIdentifier(attempt.id) },
          }),
        );
      }
      for (const c of children.get(n.id.nodeId) ?? []) spans.push(await nodeSpan(c, level + 1));
    }
    return create(SpanSchema, { ...times(n), id: { case: "nodeId", value: toNodeExecutionIdentifier(n.id) }, spans });
  };
  const top: Span[] = [];
  if (depth > 1) for (const n of children.get(null) ?? []) top.push(await nodeSpan(n, 2));
  return create(WorkflowExecutionGetMetricsResponseSchema, {
    span: create(SpanSchema, {
      ...times(ex),
      id: { case: "workflowId", value: toExecutionIdentifier(eid) },
      spans: top,
    }),
  });
}
