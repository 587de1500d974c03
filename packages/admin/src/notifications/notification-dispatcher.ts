import { errorMessage, isFlyteError } from "@flyte-ts/core";
import { backoffDelay, resolveBackoff, type BackoffOptions, type ResolvedBackoff } from "./backoff.js";
import type { NotificationMessage } from "./channel.js";
import type { ChannelTable } from "./create-channels.js";
import { DeliveryStatus, isFinalStatus, type DeliveryFilter, type DeliveryRecord } from "./delivery-record.js";
import { NotificationErrorCode } from "./errors.js";
import { executionKey } from "./execution-summary.js";
import { stderrLogger, type Logger } from "./logger.js";
import { systemScheduler, type Scheduler, type TimerHandle } from "./scheduler.js";

export interface NotificationDispatcherOptions {
  channels: ChannelTable;
  scheduler?: Scheduler;
  /** Default: base 1 s, max 5 min, 5 attempts, jitter 0.2. */
  backoff?: BackoffOptions;
  /** Deliveries not yet finished (queued, sending, retrying) at most. Default 1000. */
  queueCapacity?: number;
  /** Deliveries sent at the same time. Default 4. */
  concurrency?: number;
  /** Finished records kept for listing, oldest forgotten first. Default 1000. */
  maxRecords?: number;
  /** Source of jitter, [0, 1). Default Math.random. */
  random?: () => number;
  logger?: Logger;
}

interface Entry {
  record: DeliveryRecord;
  message: NotificationMessage;
  timer?: TimerHandle;
}

const defaultBackoff: ResolvedBackoff = { baseMs: 1_000, maxMs: 300_000, maxAttempts: 5, jitter: 0.2 };

/**
 * Delivers notifications in the background: a bounded in-memory queue, a few sends at a time,
 * retries with exponential backoff. `dispatch` returns at once and never throws, so the
 * execution path is never blocked by a slow or failing channel; every outcome is kept as a
 * {@link DeliveryRecord}. Dispatching the same message id twice is a no-op (idempotent).
 */
export class NotificationDispatcher {
  private readonly channels: ChannelTable;
  private readonly scheduler: Scheduler;
  private readonly backoff: ResolvedBackoff;
  private readonly capacity: number;
  private readonly concurrency: number;
  private readonly maxRecords: number;
  private readonly random: () => number;
  private readonly logger: Logger;
  private readonly entries = new Map<string, Entry>();
  private readonly ready: Entry[] = [];
  private active = 0;
  private inFlight = 0;
  private idleWaiters: (() => void)[] = [];
  private closed = false;

  constructor(options: NotificationDispatcherOptions) {
    this.channels = options.channels;
    this.scheduler = options.scheduler ?? systemScheduler;
    this.backoff = resolveBackoff(options.backoff, defaultBackoff);
    this.capacity = options.queueCapacity ?? 1_000;
    this.concurrency = options.concurrency ?? 4;
    this.maxRecords = options.maxRecords ?? 1_000;
    this.random = options.random ?? Math.random;
    this.logger = options.logger ?? stderrLogger;
  }

  /** Accepts one message for delivery and returns its record (a snapshot). Never throws. */
  dispatch(message: NotificationMessage): DeliveryRecord {
    const existing = this.entries.get(message.id);
    if (existing && existing.record.status !== DeliveryStatus.Dropped) return { ...existing.record };
    const now = this.scheduler.now();
    const record: DeliveryRecord = {
      id: message.id,
      channel: message.channel,
      executionId: executionKey(message.summary),
      recipients: message.recipients,
      status: DeliveryStatus.Queued,
      attempts: 0,
      createdAtMs: now,
      updatedAtMs: now,
    };
    const entry: Entry = { record, message };
    this.entries.delete(message.id);
    this.entries.set(message.id, entry);
    const refusal = this.refusal(message);
    if (refusal) {
      record.status = DeliveryStatus.Dropped;
      record.lastError = { ...refusal, retryable: false };
      this.logger.warn("notification dropped", { id: message.id, channel: message.channel, error: refusal.message });
      this.trim();
      return { ...record };
    }
    this.active++;
    const accepted = { ...record };
    this.ready.push(entry);
    this.pump();
    return accepted;
  }

  /** Snapshots of the delivery records, oldest first. */
  records(filter: DeliveryFilter = {}): DeliveryRecord[] {
    const out: DeliveryRecord[] = [];
    for (const { record } of this.entries.values()) {
      if (filter.executionId !== undefined && record.executionId !== filter.executionId) continue;
      if (filter.status !== undefined && record.status !== filter.status) continue;
      if (filter.channel !== undefined && record.channel !== filter.channel) continue;
      out.push({ ...record });
    }
    return out;
  }

  /** Resolves when nothing is queued, in flight or waiting for a retry. */
  whenIdle(): Promise<void> {
    if (this.active === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops retrying (pending retries are recorded as failed) and closes the channels. */
  async close(): Promise<void> {
    this.closed = true;
    for (const entry of this.entries.values()) {
      if (entry.timer) {
        entry.timer.cancel();
        delete entry.timer;
        this.finish(entry, DeliveryStatus.Failed);
      }
    }
    await Promise.all(Object.values(this.channels).map((c) => (c.close ? c.close() : Promise.resolve())));
  }

  private refusal(message: NotificationMessage): { code: string; message: string } | undefined {
    if (this.closed) return { code: NotificationErrorCode.QueueFull, message: "the dispatcher is closed" };
    if (!this.channels[message.channel]) {
      return {
        code: NotificationErrorCode.ChannelNotConfigured,
        message: `the ${message.channel} channel is not configured`,
      };
    }
    if (this.active >= this.capacity) {
      return {
        code: NotificationErrorCode.QueueFull,
        message: `the notification queue is full (${this.capacity} deliveries pending)`,
      };
    }
    return undefined;
  }

  private pump(): void {
    while (this.inFlight < this.concurrency && this.ready.length > 0) {
      const entry = this.ready.shift();
      if (entry) void this.attempt(entry);
    }
  }

  private async attempt(entry: Entry): Promise<void> {
    const { record, message } = entry;
    const channel = this.channels[message.channel];
    this.inFlight++;
    record.status = DeliveryStatus.Sending;
    record.attempts++;
    record.updatedAtMs = this.scheduler.now();
    delete record.nextAttemptAtMs;
    try {
      if (!channel) throw new Error(`the ${message.channel} channel is not configured`);
      await channel.send(message);
      this.finish(entry, DeliveryStatus.Delivered);
    } catch (e) {
      this.failed(entry, e);
    } finally {
      this.inFlight--;
      this.pump();
    }
  }

  private failed(entry: Entry, e: unknown): void {
    const { record } = entry;
    const retryable = isFlyteError(e) ? e.retryable : true;
    record.lastError = {
      code: isFlyteError(e) ? e.code : NotificationErrorCode.DeliveryFailed,
      message: errorMessage(e),
      retryable,
    };
    if (!retryable || record.attempts >= this.backoff.maxAttempts || this.closed) {
      this.logger.warn("notification delivery failed", {
        id: record.id,
        attempts: record.attempts,
        error: record.lastError.message,
      });
      this.finish(entry, DeliveryStatus.Failed);
      return;
    }
    const delay = backoffDelay(record.attempts, this.backoff, this.random);
    record.status = DeliveryStatus.Retrying;
    record.updatedAtMs = this.scheduler.now();
    record.nextAttemptAtMs = record.updatedAtMs + delay;
    this.logger.info("notification delivery will be retried", {
      id: record.id,
      attempts: record.attempts,
      delayMs: delay,
    });
    entry.timer = this.scheduler.setTimer(delay, () => {
      delete entry.timer;
      this.ready.push(entry);
      this.pump();
    });
  }

  private finish(entry: Entry, status: DeliveryStatus): void {
    entry.record.status = status;
    entry.record.updatedAtMs = this.scheduler.now();
    delete entry.record.nextAttemptAtMs;
    this.active--;
    this.trim();
    if (this.active === 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    }
  }

  /** Forgets the oldest finished records beyond `maxRecords`. */
  private trim(): void {
    let excess = this.entries.size - this.active - this.maxRecords;
    for (const [id, entry] of this.entries) {
      if (excess <= 0) break;
      if (isFinalStatus(entry.record.status)) {
        this.entries.delete(id);
        excess--;
      }
    }
  }
}
