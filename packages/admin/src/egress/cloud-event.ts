import { fromBinary, toJson, type DescMessage } from "@bufbuild/protobuf";
import {
  NodeExecutionEventSchema,
  TaskExecutionEventSchema,
  WorkflowExecutionEventSchema,
} from "@flyte-ts/idl/gen/flyteidl/event/event_pb";
import type { EventKind, NewEvent } from "../persistence/repositories/event-repository.js";

/** CloudEvents 1.0 in JSON structured mode (what a sink receives, one per accepted execution event). */
export interface CloudEvent {
  specversion: "1.0";
  /** `<project>/<domain>/<name>/<events.seq>`: unique and the same on every redelivery. */
  id: string;
  source: string;
  type: string;
  /** The execution id, `ex:<project>:<domain>:<name>` (Flyte's URN form). */
  subject: string;
  /** RFC 3339: when the event occurred (else when admin accepted it). */
  time: string;
  datacontenttype: "application/json";
  /** Extension attributes (lowercase alphanumerics, as the spec requires). */
  flytephase: string;
  flytenodeid?: string;
  flyteretryattempt?: number;
  /** The `flyteidl.event.*ExecutionEvent` in protobuf JSON (camelCase names). */
  data: unknown;
}

/** `com.flyte.<kind>_execution.phase`; exhaustive over event kinds. */
export const CLOUD_EVENT_TYPES: Record<EventKind, string> = {
  workflow: "com.flyte.workflow_execution.phase",
  node: "com.flyte.node_execution.phase",
  task: "com.flyte.task_execution.phase",
};

const SCHEMAS: Record<EventKind, DescMessage> = {
  workflow: WorkflowExecutionEventSchema,
  node: NodeExecutionEventSchema,
  task: TaskExecutionEventSchema,
};

/** The CloudEvent for an appended event (`seq` is its `events.seq`). */
export function toCloudEvent(e: NewEvent, seq: number, source: string): CloudEvent {
  const { project, domain, name } = e.executionId;
  const schema = SCHEMAS[e.kind];
  return {
    specversion: "1.0",
    id: `${project}/${domain}/${name}/${seq}`,
    source,
    type: CLOUD_EVENT_TYPES[e.kind],
    subject: `ex:${project}:${domain}:${name}`,
    time: new Date(e.occurredAt ?? e.createdAt).toISOString(),
    datacontenttype: "application/json",
    flytephase: e.phase,
    ...(e.nodeId === null ? {} : { flytenodeid: e.nodeId }),
    ...(e.retryAttempt === null ? {} : { flyteretryattempt: e.retryAttempt }),
    data: toJson(schema, fromBinary(schema, e.event)),
  };
}
