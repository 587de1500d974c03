import type { EngineEvent, EventSink } from "../events/event-sink.js";
import { assertNever } from "../model/phases.js";
import type { StateStore, StateWrite } from "../state/state-store.js";
import type { BatchCommitter } from "./batch-committer.js";

export interface WriteBufferOptions {
  readonly store: StateStore;
  readonly sink: EventSink;
  readonly onSinkError: (error: unknown) => void;
  /** Shared by the engine's runners when the store has `writeBatch`: their turns commit together. */
  readonly committer?: BatchCommitter | undefined;
}

/**
 * The writes of one engine turn (a drain of an execution's queue), committed together: one
 * `writeBatch` (one SQLite transaction) instead of a commit per row and event. Events reach the
 * sink only after the batch holding them is stored, so nothing outside the engine ever sees
 * state that a crash could take back. The in-memory indexes of the runner are the source of
 * truth between flushes; a failed flush keeps its writes for the next one (every write is an
 * idempotent upsert or an append of an event the sink has not seen yet).
 */
export class WriteBuffer {
  readonly #store: StateStore;
  readonly #sink: EventSink;
  readonly #onSinkError: (error: unknown) => void;
  readonly #committer: BatchCommitter | undefined;
  #writes: StateWrite[] = [];
  #events: EngineEvent[] = [];

  constructor(options: WriteBufferOptions) {
    this.#store = options.store;
    this.#sink = options.sink;
    this.#onSinkError = options.onSinkError;
    this.#committer = options.committer;
  }

  get size(): number {
    return this.#writes.length;
  }

  add(write: StateWrite): void {
    this.#writes.push(write);
  }

  /** Queues an event: its log row is written with the batch, the sink sees it after the commit. */
  addEvent(write: Extract<StateWrite, { op: "appendEvent" }>, event: EngineEvent): void {
    this.#writes.push(write);
    this.#events.push(event);
  }

  /**
   * Stores what is pending plus `last` (not kept on failure) in one batch, then sends the events.
   * On failure the pending writes stay queued and the error is thrown.
   */
  async flush(last?: StateWrite): Promise<void> {
    if (this.#writes.length === 0 && last === undefined) return;
    const writes = this.#writes;
    const events = this.#events;
    this.#writes = [];
    this.#events = [];
    const all = last === undefined ? writes : [...writes, last];
    let done = 0;
    try {
      if (this.#committer) {
        await this.#committer.commit(all);
      } else if (this.#store.writeBatch && all.length > 1) {
        await this.#store.writeBatch(all);
      } else {
        for (const w of all) {
          await writeOne(this.#store, w);
          done++;
        }
      }
    } catch (e) {
      // A batch is all-or-nothing; single writes already applied are not repeated.
      const kept = writes.slice(Math.min(done, writes.length));
      const appliedEvents = writes.slice(0, done).filter((w) => w.op === "appendEvent").length;
      this.#writes = kept.concat(this.#writes);
      this.#events = events.slice(appliedEvents).concat(this.#events);
      if (appliedEvents > 0) void this.#send(events.slice(0, appliedEvents));
      throw e;
    }
    await this.#send(events);
  }

  async #send(events: readonly EngineEvent[]): Promise<void> {
    for (const event of events) {
      try {
        await this.#sink.send(event);
      } catch (e) {
        this.#onSinkError(e);
      }
    }
  }
}

async function writeOne(store: StateStore, w: StateWrite): Promise<void> {
  switch (w.op) {
    case "createExecution":
      return store.createExecution(w.record);
    case "updateExecution":
      return store.updateExecution(w.record);
    case "putNode":
      return store.putNode(w.execution, w.record);
    case "putAttempt":
      await store.putAttempt(w.execution, w.record);
      return;
    case "appendEvent":
      await store.appendEvent(w.execution, w.kind, w.payload);
      return;
    default:
      return assertNever(w);
  }
}
