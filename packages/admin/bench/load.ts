/** Closed-loop load: every client issues one call after another for a fixed time. */
export interface LoadOptions<C> {
  clients: readonly C[];
  seconds: number;
  /** `i` counts calls across clients; `run` tells runs apart. */
  call: (client: C, i: number, run: number) => Promise<unknown>;
  run: number;
}

export interface LoadResult {
  calls: number;
  errors: number;
  /** First error message, to tell why calls failed. */
  firstError?: string;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

export async function runLoad<C>(options: LoadOptions<C>): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let i = 0;
  const start = performance.now();
  const end = start + options.seconds * 1000;
  await Promise.all(
    options.clients.map(async (client) => {
      while (performance.now() < end) {
        const t0 = performance.now();
        try {
          await options.call(client, i++, options.run);
          latencies.push(performance.now() - t0);
        } catch (e) {
          errors++;
          firstError ??= e instanceof Error ? e.message : String(e);
        }
      }
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? Number.NaN;
  return {
    calls: latencies.length,
    errors,
    ...(firstError === undefined ? {} : { firstError }),
    perSecond: latencies.length / elapsed,
    p50Ms: q(0.5),
    p99Ms: q(0.99),
  };
}
