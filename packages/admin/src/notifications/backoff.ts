/** Exponential backoff with a cap and optional jitter, shared by notification and event delivery. */
export interface BackoffOptions {
  /** Delay before the 2nd attempt, in ms. Default 1000. */
  baseMs?: number;
  /** Upper bound of one delay, in ms. Default 60000. */
  maxMs?: number;
  /** Total attempts including the first. Default 5 (notifications). */
  maxAttempts?: number;
  /** Fraction (0..1) of each delay that is randomised away ("equal jitter"). Default 0.2. */
  jitter?: number;
}

export interface ResolvedBackoff {
  baseMs: number;
  maxMs: number;
  maxAttempts: number;
  jitter: number;
}

export function resolveBackoff(options: BackoffOptions | undefined, defaults: ResolvedBackoff): ResolvedBackoff {
  const r: ResolvedBackoff = {
    baseMs: options?.baseMs ?? defaults.baseMs,
    maxMs: options?.maxMs ?? defaults.maxMs,
    maxAttempts: options?.maxAttempts ?? defaults.maxAttempts,
    jitter: options?.jitter ?? defaults.jitter,
  };
  if (!(r.baseMs >= 0) || !(r.maxMs >= r.baseMs) || !(r.maxAttempts >= 1) || !(r.jitter >= 0 && r.jitter <= 1)) {
    throw new RangeError(
      `invalid backoff: baseMs=${r.baseMs} maxMs=${r.maxMs} maxAttempts=${r.maxAttempts} jitter=${r.jitter}`,
    );
  }
  return r;
}

/**
 * The delay after failed attempt number `attempt` (1-based): base * 2^(attempt-1), capped at max,
 * of which a `jitter` fraction is replaced by a random part drawn from `random()` in [0, 1).
 */
export function backoffDelay(attempt: number, backoff: ResolvedBackoff, random: () => number): number {
  const exp = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, attempt - 1));
  const fixed = exp * (1 - backoff.jitter);
  return Math.round(fixed + exp * backoff.jitter * random());
}
