import { AlreadyExistsError, NotFoundError } from "@flyte-ts/core";
import { executionKey, type ExecutionId } from "../model/ids.js";
import { assertNever, isTerminalAttempt, isTerminalWorkflow } from "../model/phases.js";
import type {
  AttemptRecord,
  ExecutionRecord,
  NodeRecord,
  StateStore,
  StateWrite,
  StateWriteResult,
  StoredEvent,
} from "./state-store.js";

interface ExecutionRows {
  execution: ExecutionRecord;
  nodes: Map<string, NodeRecord>;
  attempts: Map<string, AttemptRecord>;
  events: StoredEvent[];
}

/** `StateStore` in process memory: for tests and local runs. Records are immutable values. */
export class MemoryStateStore implements StateStore {
  readonly #rows = new Map<string, ExecutionRows>();

  createExecution(record: ExecutionRecord): Promise<void> {
    return run(() => this.#createExecution(record));
  }

  getExecution(id: ExecutionId): Promise<ExecutionRecord | undefined> {
    return Promise.resolve(this.#rows.get(executionKey(id))?.execution);
  }

  updateExecution(record: ExecutionRecord): Promise<void> {
    return run(() => this.#updateExecution(record));
  }

  listActiveExecutions(): Promise<ExecutionRecord[]> {
    return Promise.resolve(
      [...this.#rows.values()].map((r) => r.execution).filter((e) => !isTerminalWorkflow(e.phase)),
    );
  }

  getNodes(execution: ExecutionId): Promise<NodeRecord[]> {
    return run(() => [...this.#get(execution).nodes.values()]);
  }

  getNode(execution: ExecutionId, uniqueId: string): Promise<NodeRecord | undefined> {
    return Promise.resolve(this.#rows.get(executionKey(execution))?.nodes.get(uniqueId));
  }

  putNode(execution: ExecutionId, record: NodeRecord): Promise<void> {
    return run(() => this.#putNode(execution, record));
  }

  getAttempts(execution: ExecutionId, nodeUniqueId: string): Promise<AttemptRecord[]> {
    return run(() =>
      [...this.#get(execution).attempts.values()]
        .filter((a) => a.nodeUniqueId === nodeUniqueId)
        .sort((a, b) => a.attempt - b.attempt),
    );
  }

  putAttempt(execution: ExecutionId, record: AttemptRecord): Promise<boolean> {
    return run(() => this.#putAttempt(execution, record));
  }

  appendEvent(execution: ExecutionId, kind: StoredEvent["kind"], payload: Uint8Array): Promise<number> {
    return run(() => this.#appendEvent(execution, kind, payload));
  }

  listEvents(execution: ExecutionId): Promise<StoredEvent[]> {
    return run(() => [...this.#get(execution).events]);
  }

  /** All or nothing: every write is checked against the rows (and the batch's own creations) before any applies. */
  writeBatch(writes: readonly StateWrite[]): Promise<StateWriteResult[]> {
    return run(() => {
      const created = new Set<string>();
      for (const w of writes) {
        const key = executionKey(w.op === "createExecution" || w.op === "updateExecution" ? w.record.id : w.execution);
        const exists = this.#rows.has(key) || created.has(key);
        if (w.op === "createExecution") {
          if (exists) throw new AlreadyExistsError(`execution ${key} already exists`);
          created.add(key);
        } else if (!exists) {
          throw new NotFoundError(`execution ${key} not found`, { code: "ExecutionNotFound" });
        }
      }
      return writes.map((w) => this.#apply(w));
    });
  }

  #apply(w: StateWrite): StateWriteResult {
    switch (w.op) {
      case "createExecution":
        return this.#createExecution(w.record);
      case "updateExecution":
        return this.#updateExecution(w.record);
      case "putNode":
        return this.#putNode(w.execution, w.record);
      case "putAttempt":
        return this.#putAttempt(w.execution, w.record);
      case "appendEvent":
        return this.#appendEvent(w.execution, w.kind, w.payload);
      default:
        return assertNever(w);
    }
  }

  #createExecution(record: ExecutionRecord): undefined {
    const key = executionKey(record.id);
    if (this.#rows.has(key)) throw new AlreadyExistsError(`execution ${key} already exists`);
    this.#rows.set(key, { execution: record, nodes: new Map(), attempts: new Map(), events: [] });
    return undefined;
  }

  #updateExecution(record: ExecutionRecord): undefined {
    this.#get(record.id).execution = record;
    return undefined;
  }

  #putNode(execution: ExecutionId, record: NodeRecord): undefined {
    this.#get(execution).nodes.set(record.uniqueId, record);
    return undefined;
  }

  #putAttempt(execution: ExecutionId, record: AttemptRecord): boolean {
    const rows = this.#get(execution);
    const key = `${record.nodeUniqueId}#${record.attempt}`;
    const stored = rows.attempts.get(key);
    if (stored && isTerminalAttempt(stored.phase)) return false;
    rows.attempts.set(key, record);
    return true;
  }

  #appendEvent(execution: ExecutionId, kind: StoredEvent["kind"], payload: Uint8Array): number {
    const rows = this.#get(execution);
    const seq = rows.events.length + 1;
    rows.events.push({ seq, kind, payload });
    return seq;
  }

  #get(id: ExecutionId): ExecutionRows {
    const rows = this.#rows.get(executionKey(id));
    if (!rows) throw new NotFoundError(`execution ${executionKey(id)} not found`, { code: "ExecutionNotFound" });
    return rows;
  }
}

function run<T>(fn: () => T): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (e) {
    return Promise.reject(e instanceof Error ? e : new Error(String(e)));
  }
}
