import type { StateStore, StateWrite } from "../state/state-store.js";

interface Request {
  readonly writes: readonly StateWrite[];
  readonly resolve: () => void;
  readonly reject: (e: unknown) => void;
}

/**
 * Commits the batches of every execution runner that flushes in the same event-loop turn as ONE
 * `writeBatch` (one transaction): 200 executions ending their turns together cost one commit, not
 * 200. Each caller's promise resolves only after the commit holding its writes. When a combined
 * batch fails, each caller's writes are retried on their own, so one execution's bad write fails
 * only that execution's flush.
 */
export class BatchCommitter {
  readonly #store: StateStore & Required<Pick<StateStore, "writeBatch">>;
  #pending: Request[] = [];
  #scheduled = false;

  constructor(store: StateStore & Required<Pick<StateStore, "writeBatch">>) {
    this.#store = store;
  }

  commit(writes: readonly StateWrite[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#pending.push({ writes, resolve, reject });
      if (this.#scheduled) return;
      this.#scheduled = true;
      setImmediate(() => void this.#run());
    });
  }

  async #run(): Promise<void> {
    const requests = this.#pending;
    this.#pending = [];
    this.#scheduled = false;
    if (requests.length === 1) {
      const only = requests[0] as Request;
      await this.#store.writeBatch(only.writes).then(only.resolve, only.reject);
      return;
    }
    try {
      await this.#store.writeBatch(requests.flatMap((r) => r.writes));
    } catch {
      for (const r of requests) await this.#store.writeBatch(r.writes).then(r.resolve, r.reject);
      return;
    }
    for (const r of requests) r.resolve();
  }
}
