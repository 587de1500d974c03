/**
 * Open-loop load: calls start at fixed rates whatever the server's latency (as independent users
 * arrive), so latency is measured at a given load instead of at saturation, where a closed loop
 * of N clients measures mostly the queue it builds itself.
 */
export interface OpenLoopStream<C> {
  name: string;
  /** Calls started per second. */
  perSecond: number;
  call: (client: C, i: number) => Promise<unknown>;
}

export interface OpenLoopOptions<C> {
  clients: readonly C[];
  seconds: number;
  streams: readonly OpenLoopStream<C>[];
}

export interface OpenLoopResult {
  name: string;
  targetPerSecond: number;
  /** Calls completed per second (lower than the target when the server cannot keep up). */
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  firstError?: string;
}

/** Runs every stream at its rate for `seconds`, spreading calls over the clients round-robin. */
export async function runOpenLoop<C>(options: OpenLoopOptions<C>): Promise<OpenLoopResult[]> {
  const start = performance.now();
  const end = start + options.seconds * 1000;
  let nextClient = 0;
  const pick = () => options.clients[nextClient++ % options.clients.length] as C;
  const results = options.streams.map(async (s) => {
    const latencies: number[] = [];
    const inFlight: Promise<void>[] = [];
    let errors = 0;
    let firstError: string | undefined;
    const interval = 1000 / s.perSecond;
    for (let i = 0; ; i++) {
      const due = start + i * interval;
      if (due >= end) break;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      // Latency counts from when the call was due, so a late start (a busy event loop) is not hidden.
      inFlight.push(
        s.call(pick(), i).then(
          () => void latencies.push(performance.now() - due),
          (e: unknown) => {
            errors++;
            firstError ??= e instanceof Error ? e.message : String(e);
          },
        ),
      );
    }
    await Promise.all(inFlight);
    const elapsed = (performance.now() - start) / 1000;
    latencies.sort((a, b) => a - b);
    const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? Number.NaN;
    const r: OpenLoopResult = {
      name: s.name,
      targetPerSecond: s.perSecond,
      perSecond: latencies.length / elapsed,
      p50Ms: q(0.5),
      p99Ms: q(0.99),
      errors,
    };
    if (firstError !== undefined) r.firstError = firstError;
    return r;
  });
  return Promise.all(results);
}
