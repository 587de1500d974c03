import type { Literal } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import type { LiteralType } from "@flyte-ts/idl/gen/flyteidl/core/types_pb";
import { areTypesCastable, literalTypeForLiteral, InvalidArgumentError } from "@flyte-ts/core";
import { executionKey, type ExecutionId } from "../model/ids.js";

/**
 * Signals for gate nodes (Admin's SignalService): created lazily by the engine, set by users.
 * `watch` lets the engine wake the gate as soon as a value arrives instead of polling.
 */
export interface SignalSource {
  /** Creates the signal when missing; returns its value once set. */
  getOrCreate(execution: ExecutionId, signalId: string, type: LiteralType): Promise<Literal | undefined>;
  watch?(execution: ExecutionId, signalId: string, listener: () => void): () => void;
}

interface SignalRow {
  readonly type: LiteralType;
  value?: Literal;
}

/** `SignalSource` in memory; `set` type-checks the value like Admin's `SetSignal`. */
export class MemorySignalSource implements SignalSource {
  readonly #signals = new Map<string, SignalRow>();
  readonly #watchers = new Map<string, Set<() => void>>();

  getOrCreate(execution: ExecutionId, signalId: string, type: LiteralType): Promise<Literal | undefined> {
    const k = key(execution, signalId);
    let row = this.#signals.get(k);
    if (!row) this.#signals.set(k, (row = { type }));
    return Promise.resolve(row.value);
  }

  /** Signals the engine asked for that nobody has set yet (a local run prompts for these). */
  pending(): { readonly execution: ExecutionId; readonly signalId: string; readonly type: LiteralType }[] {
    const out: { execution: ExecutionId; signalId: string; type: LiteralType }[] = [];
    for (const [k, row] of this.#signals) {
      if (row.value !== undefined) continue;
      const [project = "", domain = "", rest = ""] = k.split("/");
      const [name = "", signalId = ""] = rest.split("#");
      out.push({ execution: { project, domain, name }, signalId, type: row.type });
    }
    return out;
  }

  /** Whether the engine has asked for this signal yet. */
  exists(execution: ExecutionId, signalId: string): boolean {
    return this.#signals.has(key(execution, signalId));
  }

  set(execution: ExecutionId, signalId: string, value: Literal): void {
    const k = key(execution, signalId);
    const row = this.#signals.get(k);
    if (!row)
      throw new InvalidArgumentError(`signal ${signalId} of ${executionKey(execution)} does not exist`, {
        code: "SignalNotFound",
      });
    const actual = literalTypeForLiteral(value);
    if (!actual || !areTypesCastable(actual, row.type)) {
      throw new InvalidArgumentError(`signal ${signalId}: value does not match the declared type`, {
        code: "SignalTypeMismatch",
      });
    }
    row.value = value;
    const set = this.#watchers.get(k);
    this.#watchers.delete(k);
    for (const l of set ?? []) l();
  }

  watch(execution: ExecutionId, signalId: string, listener: () => void): () => void {
    const k = key(execution, signalId);
    let set = this.#watchers.get(k);
    if (!set) this.#watchers.set(k, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }
}

function key(execution: ExecutionId, signalId: string): string {
  return `${executionKey(execution)}#${signalId}`;
}
