import type {
  NodeExecutionEvent,
  TaskExecutionEvent,
  WorkflowExecutionEvent,
} from "@flyte-ts/idl/gen/flyteidl/event/event_pb";

/** One event leaving the engine: flyteidl's workflow, node or task execution event. */
export type EngineEvent =
  | { readonly kind: "workflow"; readonly event: WorkflowExecutionEvent }
  | { readonly kind: "node"; readonly event: NodeExecutionEvent }
  | { readonly kind: "task"; readonly event: TaskExecutionEvent };

/**
 * Where events go (the control plane's event ingestion later). `send` resolves once the event is
 * accepted; a rejection is logged by the engine and never changes execution state.
 */
export interface EventSink {
  send(event: EngineEvent): Promise<void>;
}

/** Keeps every event in order, in memory; `subscribe` lets tests and local runs watch progress. */
export class MemoryEventSink implements EventSink {
  readonly events: EngineEvent[] = [];
  readonly #listeners = new Set<(e: EngineEvent) => void>();

  send(event: EngineEvent): Promise<void> {
    this.events.push(event);
    for (const l of this.#listeners) l(event);
    return Promise.resolve();
  }

  subscribe(listener: (e: EngineEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  nodeEvents(): NodeExecutionEvent[] {
    return this.events.flatMap((e) => (e.kind === "node" ? [e.event] : []));
  }

  taskEvents(): TaskExecutionEvent[] {
    return this.events.flatMap((e) => (e.kind === "task" ? [e.event] : []));
  }

  workflowEvents(): WorkflowExecutionEvent[] {
    return this.events.flatMap((e) => (e.kind === "workflow" ? [e.event] : []));
  }
}

/** Sends nowhere: for benchmarks. */
export class NullEventSink implements EventSink {
  send(): Promise<void> {
    return Promise.resolve();
  }
}
