import type { ManagerContext } from "../managers/admin-config.js";
import { createRepositories, type Repositories } from "../persistence/repositories.js";
import type { EventRepository } from "../persistence/repositories/event-repository.js";
import { inTransaction, type Db } from "../persistence/transaction.js";
import { toCloudEvent } from "./cloud-event.js";
import {
  DEFAULT_EGRESS_RETRY,
  DEFAULT_EGRESS_SOURCE,
  sinkName,
  type EgressConfig,
  type EgressSinkConfig,
  type EgressSinkType,
} from "./egress-config.js";
import { EgressPublisher } from "./egress-publisher.js";
import type { EgressSink } from "./egress-sink.js";
import { FileSink } from "./file-sink.js";
import { OutboxRepository } from "./outbox-repository.js";
import { WebhookSink } from "./webhook-sink.js";

type SinkOf<T extends EgressSinkType> = Extract<EgressSinkConfig, { type: T }>;
const SINK_FACTORIES: { [T in EgressSinkType]: (c: SinkOf<T>) => EgressSink } = {
  webhook: (c) =>
    new WebhookSink({
      name: sinkName(c),
      url: c.url,
      ...(c.timeoutMs === undefined ? {} : { timeoutMs: c.timeoutMs }),
      ...(c.headers ? { headers: c.headers } : {}),
    }),
  file: (c) => new FileSink({ name: sinkName(c), path: c.path }),
};

const createSink = (c: EgressSinkConfig): EgressSink =>
  (SINK_FACTORIES[c.type] as (c: EgressSinkConfig) => EgressSink)(c);

export interface EventEgressOptions {
  /** The database handle (events and the outbox are written in one transaction on it). */
  db: Db;
  config: EgressConfig;
  /** Sinks built by the caller instead of from `config.sinks` (tests, embedders). */
  sinks?: readonly EgressSink[];
  now?: () => number;
  /** Delivery failures (retried) and database errors. */
  onError?: (error: unknown) => void;
  gapGraceMs?: number;
  /** How often acknowledged outbox rows are deleted. Default 60 s. */
  pruneIntervalMs?: number;
}

/**
 * Event egress (issue 8): every execution event admin accepts becomes a CloudEvent in the outbox,
 * in the transaction that appends the event, and one publisher per sink drains it.
 */
export class EventEgress {
  readonly #o: EventEgressOptions;
  readonly #source: string;
  readonly #outbox: OutboxRepository;
  readonly publishers: readonly EgressPublisher[];
  #pruneTimer: ReturnType<typeof setInterval> | undefined;

  constructor(options: EventEgressOptions) {
    this.#o = options;
    this.#source = options.config.source ?? DEFAULT_EGRESS_SOURCE;
    this.#outbox = new OutboxRepository({ db: options.db });
    const sinks = options.sinks ?? options.config.sinks.map(createSink);
    const retry = { ...DEFAULT_EGRESS_RETRY, ...options.config.retry };
    this.publishers = sinks.map(
      (sink) =>
        new EgressPublisher({
          sink,
          outbox: this.#outbox,
          retry,
          ...(options.config.pollMs === undefined ? {} : { pollMs: options.config.pollMs }),
          ...(options.gapGraceMs === undefined ? {} : { gapGraceMs: options.gapGraceMs }),
          ...(options.now ? { now: options.now } : {}),
          ...(options.onError ? { onError: options.onError } : {}),
        }),
    );
  }

  /**
   * The hook for `EventManager`: the same context, but its transactions also write an outbox row
   * for every event appended, and publishers are woken after each commit.
   */
  wrap(ctx: ManagerContext): ManagerContext {
    return {
      ...ctx,
      transaction: async (fn) => {
        const result = await inTransaction(this.#o.db, (trx) =>
          fn(this.#recording(createRepositories(trx), new OutboxRepository({ db: trx }))),
        );
        this.wake();
        return result;
      },
    };
  }

  start(): void {
    for (const p of this.publishers) p.start();
    this.#pruneTimer ??= setInterval(
      () => void this.prune().catch((e: unknown) => this.#o.onError?.(e)),
      this.#o.pruneIntervalMs ?? 60_000,
    );
    this.#pruneTimer.unref?.();
  }

  wake(): void {
    for (const p of this.publishers) p.wake();
  }

  /** Deletes outbox rows every sink has acknowledged. */
  prune(): Promise<number> {
    return this.#outbox.prune(this.publishers.map((p) => p.name));
  }

  async close(): Promise<void> {
    clearInterval(this.#pruneTimer);
    await Promise.all(this.publishers.map((p) => p.close()));
  }

  #recording(repos: Repositories, outbox: OutboxRepository): Repositories {
    const events = repos.events;
    const recording: EventRepository = {
      append: async (e) => {
        const seq = await events.append(e);
        const cloudEvent = JSON.stringify(toCloudEvent(e, seq, this.#source));
        await outbox.add({ executionId: e.executionId, eventSeq: seq, cloudEvent, createdAt: e.createdAt });
        return seq;
      },
      list: (id, options) => events.list(id, options),
    };
    return { ...repos, events: recording };
  }
}
