import { DEFAULT_EGRESS_RETRY, type EgressRetryConfig } from "./egress-config.js";
import type { EgressSink } from "./egress-sink.js";
import type { OutboxEntry, OutboxRepository } from "./outbox-repository.js";

export interface EgressPublisherOptions {
  sink: EgressSink;
  /** On the database handle (not a transaction). */
  outbox: OutboxRepository;
  retry?: EgressRetryConfig;
  pollMs?: number;
  /**
   * How long a hole in the outbox seqs is waited for before it is skipped. On PostgreSQL a seq is
   * taken before its transaction commits, so a later seq can be visible first; a rolled-back
   * transaction leaves a hole for good. Default 5000 ms.
   */
  gapGraceMs?: number;
  batchSize?: number;
  now?: () => number;
  onError?: (error: unknown) => void;
}

/**
 * Drains the outbox into one sink, strictly in seq order (so in order per execution), moving the
 * sink's cursor after each acknowledged event: at least once across crashes. A failing sink is
 * retried with exponential backoff; it holds back only its own cursor, never event acceptance.
 */
export class EgressPublisher {
  readonly #o: EgressPublisherOptions;
  readonly #retry: EgressRetryConfig;
  readonly #now: () => number;
  #closed = false;
  #running: Promise<void> | undefined;
  #wakeUp: (() => void) | undefined;
  #woken = false;
  #gapSeenAt: { seq: number; at: number } | undefined;
  /** Deliveries acknowledged / failed attempts since start. */
  readonly stats = { delivered: 0, failures: 0 };

  constructor(options: EgressPublisherOptions) {
    this.#o = options;
    this.#retry = options.retry ?? DEFAULT_EGRESS_RETRY;
    this.#now = options.now ?? Date.now;
  }

  get name(): string {
    return this.#o.sink.name;
  }

  start(): void {
    this.#running ??= this.#loop().catch((e: unknown) => this.#o.onError?.(e));
  }

  /** New rows were committed: look now instead of at the next poll. */
  wake(): void {
    this.#woken = true;
    this.#wakeUp?.();
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#wakeUp?.();
    await this.#running;
    await this.#o.sink.close();
  }

  async #loop(): Promise<void> {
    const { outbox, sink } = this.#o;
    let cursor: number | undefined;
    for (let read = false; !read && !this.#closed;) {
      try {
        cursor = await outbox.cursor(sink.name);
        read = true;
      } catch (e) {
        this.#o.onError?.(e);
        await this.#sleep(this.#o.pollMs ?? 1000, false);
      }
    }
    let fresh = cursor === undefined;
    let seq = cursor ?? 0;
    let failures = 0;
    while (!this.#closed) {
      this.#woken = false;
      const rows = await this.#guard(() => outbox.after(seq, this.#o.batchSize ?? 100));
      const ready = rows ? this.#contiguous(rows, seq, fresh) : [];
      if (ready.length === 0) {
        await this.#sleep(rows && rows.length > 0 ? 50 : (this.#o.pollMs ?? 1000), true);
        continue;
      }
      for (const row of ready) {
        while (!this.#closed) {
          try {
            await sink.send(row.cloudEvent);
            break;
          } catch (e) {
            this.stats.failures++;
            this.#o.onError?.(e);
            const delay = Math.min(this.#retry.maxMs, this.#retry.initialMs * 2 ** Math.min(failures++, 20));
            await this.#sleep(delay, false);
          }
        }
        if (this.#closed) return;
        failures = 0;
        this.stats.delivered++;
        seq = row.seq;
        fresh = false;
        await this.#guard(() => outbox.saveCursor(sink.name, seq, this.#now()));
      }
    }
  }

  /** The rows that follow `seq` without a hole (a hole is skipped once older than the grace period). */
  #contiguous(rows: OutboxEntry[], seq: number, fresh: boolean): OutboxEntry[] {
    const out: OutboxEntry[] = [];
    let expected = fresh ? (rows[0]?.seq ?? seq + 1) : seq + 1;
    for (const row of rows) {
      if (row.seq !== expected) {
        const seen = this.#gapSeenAt?.seq === expected ? this.#gapSeenAt : { seq: expected, at: this.#now() };
        this.#gapSeenAt = seen;
        if (this.#now() - seen.at < (this.#o.gapGraceMs ?? 5000)) break;
      }
      out.push(row);
      expected = row.seq + 1;
    }
    return out;
  }

  /** Runs a database call; a failure is reported and retried on the next round. */
  async #guard<T>(fn: () => Promise<T>): Promise<T | undefined> {
    try {
      return await fn();
    } catch (e) {
      if (!this.#closed) this.#o.onError?.(e);
      return undefined;
    }
  }

  #sleep(ms: number, wakeable: boolean): Promise<void> {
    if (this.#closed || (wakeable && this.#woken)) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#wakeUp = wakeable ? done : () => (this.#closed ? done() : undefined);
    });
  }
}
