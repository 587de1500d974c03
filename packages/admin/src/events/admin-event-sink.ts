import { create } from "@bufbuild/protobuf";
import { isFlyteError } from "@flyte-ts/core";
import {
  NodeExecutionEventRequestSchema,
  TaskExecutionEventRequestSchema,
  WorkflowExecutionEventRequestSchema,
} from "@flyte-ts/idl/gen/flyteidl/admin/event_pb";
import type {
  NodeExecutionEvent,
  TaskExecutionEvent,
  WorkflowExecutionEvent,
} from "@flyte-ts/idl/gen/flyteidl/event/event_pb";
import type { EventManager } from "../managers/event-manager.js";
import { EventErrorCode } from "../managers/event-errors.js";

/** One engine event (the same shape as the engine's `EngineEvent`, so admin needs no engine import). */
export type SinkEvent =
  | { readonly kind: "workflow"; readonly event: WorkflowExecutionEvent }
  | { readonly kind: "node"; readonly event: NodeExecutionEvent }
  | { readonly kind: "task"; readonly event: TaskExecutionEvent };

/**
 * The engine's `EventSink` in-process (`flyte start`): every event goes through the same
 * `EventManager` validation as CreateWorkflowEvent / CreateNodeEvent / CreateTaskEvent, without a
 * network hop. A duplicate is success (as propeller treats AlreadyExists); any other rejection
 * rejects `send` (the engine logs it and its state does not change).
 */
export class AdminEventSink {
  readonly #events: EventManager;
  constructor(options: { events: EventManager }) {
    this.#events = options.events;
  }

  async send(e: SinkEvent): Promise<void> {
    try {
      switch (e.kind) {
        case "workflow":
          await this.#events.workflowEvent(create(WorkflowExecutionEventRequestSchema, { event: e.event }));
          return;
        case "node":
          await this.#events.nodeEvent(create(NodeExecutionEventRequestSchema, { event: e.event }));
          return;
        case "task":
          await this.#events.taskEvent(create(TaskExecutionEventRequestSchema, { event: e.event }));
          return;
        default: {
          const never: never = e;
          throw new Error(`unknown event kind ${String(never)}`);
        }
      }
    } catch (err) {
      if (isFlyteError(err) && err.code === EventErrorCode.EventAlreadyExists) return;
      throw err;
    }
  }
}
