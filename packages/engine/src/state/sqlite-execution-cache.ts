import { NotFoundError } from "@flyte-ts/core";
import { executionKey, type ExecutionId } from "../model/ids.js";

/** Resolved execution ids kept in memory; executions are never deleted, so entries never go stale. */
const ID_LIMIT = 100_000;

/**
 * What `SqliteStateStore` remembers about its executions between calls: the integer id of each
 * `project/domain/name` (so node, attempt and event writes skip a lookup), and which closure
 * byte arrays (by identity; closures are immutable values) are already stored for an id (so a
 * phase update does not rewrite the closure). Writes that a rollback undid must be forgotten:
 * `forget` the keys created and `resetClosures`.
 */
export class SqliteExecutionCache {
  readonly #find: (id: ExecutionId) => number | undefined;
  readonly #ids = new Map<string, number>();
  #closures = new WeakMap<Uint8Array, number>();

  constructor(options: { readonly find: (id: ExecutionId) => number | undefined }) {
    this.#find = options.find;
  }

  /** The execution's integer id, or NotFound. */
  idOf(execution: ExecutionId): number {
    const id = this.lookup(execution);
    if (id === undefined) {
      throw new NotFoundError(`execution ${executionKey(execution)} not found`, { code: "ExecutionNotFound" });
    }
    return id;
  }

  lookup(execution: ExecutionId): number | undefined {
    const key = executionKey(execution);
    const cached = this.#ids.get(key);
    if (cached !== undefined) return cached;
    const id = this.#find(execution);
    if (id !== undefined) this.remember(key, id);
    return id;
  }

  remember(key: string, id: number): void {
    if (this.#ids.size >= ID_LIMIT) {
      const oldest = this.#ids.keys().next().value;
      if (oldest !== undefined) this.#ids.delete(oldest);
    }
    this.#ids.set(key, id);
  }

  forget(keys: readonly string[]): void {
    for (const key of keys) this.#ids.delete(key);
  }

  hasClosure(closure: Uint8Array, id: number): boolean {
    return this.#closures.get(closure) === id;
  }

  rememberClosure(closure: Uint8Array, id: number): void {
    this.#closures.set(closure, id);
  }

  resetClosures(): void {
    this.#closures = new WeakMap();
  }
}
