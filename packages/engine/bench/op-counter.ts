/** Counts the calls made on an object's methods (state store, blob store), for ops-per-task figures. */
export class OpCounter {
  readonly counts = new Map<string, number>();

  /** A view of `target` whose method calls are counted under `<prefix>.<method>`; calls go to `target` itself. */
  wrap<T extends object>(prefix: string, target: T): T {
    return new Proxy(target, {
      get: (t, prop, receiver) => {
        const value: unknown = Reflect.get(t, prop, receiver === t ? t : t);
        if (typeof value !== "function" || typeof prop !== "string") return value;
        const name = `${prefix}.${prop}`;
        return (...args: unknown[]) => {
          this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
          return (value as (...a: unknown[]) => unknown).apply(t, args);
        };
      },
    });
  }

  reset(): void {
    this.counts.clear();
  }

  /** Counts divided by `per`, rounded to 2 decimals, largest first. */
  per(per: number): Record<string, number> {
    return Object.fromEntries(
      [...this.counts].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, Math.round((100 * v) / per) / 100]),
    );
  }
}
