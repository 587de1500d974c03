/**
 * Time for background delivery: a clock and one-shot timers behind one interface, so tests run
 * retries and backoff on a controllable clock instead of real sleeps.
 */
export interface TimerHandle {
  cancel(): void;
}

export interface Scheduler {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Runs `fn` once after `delayMs`. Timers never keep the process alive on their own. */
  setTimer(delayMs: number, fn: () => void): TimerHandle;
}

/** The real clock and Node timers (unref'd). */
export const systemScheduler: Scheduler = {
  now: () => Date.now(),
  setTimer(delayMs, fn) {
    const t = setTimeout(fn, Math.max(0, delayMs));
    t.unref();
    return { cancel: () => clearTimeout(t) };
  },
};

interface ManualTimer {
  id: number;
  at: number;
  fn: () => void;
}

/**
 * A clock that only moves when told to. Due timers fire in time order, synchronously, while the
 * clock advances; work they start (I/O) continues on the real event loop.
 */
export class ManualScheduler implements Scheduler {
  private time: number;
  private seq = 0;
  private timers: ManualTimer[] = [];

  constructor(options: { startMs?: number } = {}) {
    this.time = options.startMs ?? Date.UTC(2026, 0, 1);
  }

  now(): number {
    return this.time;
  }

  setTimer(delayMs: number, fn: () => void): TimerHandle {
    const timer: ManualTimer = { id: ++this.seq, at: this.time + Math.max(0, delayMs), fn };
    this.timers.push(timer);
    return { cancel: () => (this.timers = this.timers.filter((t) => t !== timer)) };
  }

  /** Delays (from now) of the timers not yet fired, soonest first. */
  pending(): number[] {
    return this.sorted().map((t) => t.at - this.time);
  }

  /** Moves the clock forward by `ms`, firing every timer that falls due on the way. */
  advance(ms: number): void {
    const until = this.time + ms;
    for (;;) {
      const next = this.sorted()[0];
      if (!next || next.at > until) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.time = Math.max(this.time, next.at);
      next.fn();
    }
    this.time = until;
  }

  /**
   * Waits (on real time, polling) until a timer is pending, then returns its delay. For tests
   * whose background work does real I/O before it sets its next timer.
   */
  async nextTimer(timeoutMs = 5_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const first = this.pending()[0];
      if (first !== undefined) return first;
      if (Date.now() > deadline) throw new Error(`no timer was set within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }

  /** Waits for the next timer and fires it (and any due at the same instant). Returns its delay. */
  async fireNext(timeoutMs = 5_000): Promise<number> {
    const delay = await this.nextTimer(timeoutMs);
    this.advance(delay);
    return delay;
  }

  private sorted(): ManualTimer[] {
    return [...this.timers].sort((a, b) => a.at - b.at || a.id - b.id);
  }
}
