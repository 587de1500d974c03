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
 * network hop. A duplicate is success (as propeller treats AlreadyExists); transient failures are
 * retried with backoff; any other rejection rejects `send` (the engine logs it; its state does not
 * change, and the server replays the engine's log into admin on the next start).
 */
export class AdminEventSink {
  readonly #events: EventManager;
  readonly #attempts: number;
  /** `attempts`: tries for transient failures (database busy, concurrent writers). Default 5. */
  constructor(options: { events: EventManager; attempts?: number }) {
    this.#events = options.events;
    this.#attempts = Math.max(1, options.attempts ?? 5);
  }

  async send(e: SinkEvent): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#apply(e);
        return;
      } catch (err) {
        if (isFlyteError(err) && err.code === EventErrorCode.EventAlreadyExists) return;
        // Validation verdicts are final; a busy database or a lost race is worth another try.
        const transient = !isFlyteError(err) || err.retryable;
        if (!transient || attempt >= this.#attempts) throw err;
        await new Promise((r) => setTimeout(r, 10 * 2 ** attempt));
      }
    }
  }

  async #apply(e: SinkEvent): Promise<void> {
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
  }
}
