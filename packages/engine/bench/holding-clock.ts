import type { Clock } from "../src/index.js";

/**
 * Real time, except that timers of at least `holdAtLeastMs` (the sleep gates) are held until
 * `release()`, which also moves `now()` forward by that much so the gates find their sleep over.
 * Lets active-10k keep every execution waiting for as long as the RSS measurement needs.
 */
export class HoldingClock implements Clock {
  readonly #holdAtLeastMs: number;
  readonly #held = new Set<{ readonly fn: () => void }>();
  #offsetMs = 0;

  constructor(options: { holdAtLeastMs: number }) {
    this.#holdAtLeastMs = options.holdAtLeastMs;
  }

  now(): number {
    return Date.now() + this.#offsetMs;
  }

  setTimer(ms: number, fn: () => void): () => void {
    if (ms < this.#holdAtLeastMs * 0.5) {
      const t = setTimeout(fn, Math.max(0, ms));
      t.unref();
      return () => clearTimeout(t);
    }
    const timer = { fn };
    this.#held.add(timer);
    return () => this.#held.delete(timer);
  }

  /** Timers held right now (one per waiting gate). */
  get held(): number {
    return this.#held.size;
  }

  release(): void {
    this.#offsetMs += this.#holdAtLeastMs;
    const due = [...this.#held];
    this.#held.clear();
    for (const t of due) t.fn();
  }
}
