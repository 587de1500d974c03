import type { Clock } from "./engine-services.js";

interface Timer {
  readonly at: number;
  readonly fn: () => void;
  readonly seq: number;
}

/** A clock that moves only when told (`advance`), for tests of sleeps and timeouts. */
export class ManualClock implements Clock {
  #now: number;
  #seq = 0;
  readonly #timers = new Set<Timer>();

  constructor(startMs = 1_700_000_000_000) {
    this.#now = startMs;
  }

  now(): number {
    return this.#now;
  }

  setTimer(ms: number, fn: () => void): () => void {
    const timer: Timer = { at: this.#now + Math.max(0, ms), fn, seq: this.#seq++ };
    this.#timers.add(timer);
    return () => this.#timers.delete(timer);
  }

  /** Pending timers (for tests that wait until the engine has armed one). */
  get pending(): number {
    return this.#timers.size;
  }

  /** Moves time forward, firing due timers in order. */
  advance(ms: number): void {
    const target = this.#now + ms;
    for (;;) {
      const due = [...this.#timers].filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.#timers.delete(due);
      this.#now = Math.max(this.#now, due.at);
      due.fn();
    }
    this.#now = target;
  }
}
