import { useCallback, useEffect, useRef, useState } from "react";
import { errorMessage } from "./errors";

export type AsyncState<T> =
  | { readonly status: "loading" }
  | { readonly status: "error"; readonly message: string }
  | { readonly status: "ok"; readonly value: T };

const sameDeps = (a: readonly unknown[] | undefined, b: readonly unknown[]) =>
  a !== undefined && a.length === b.length && a.every((x, i) => Object.is(x, b[i]));

/**
 * Runs `load` when `deps` change; `reload` runs it again, keeping the shown value until the new
 * one arrives (no loading flash on refresh). Results of stale runs are dropped.
 */
export function useAsync<T>(
  load: (signal: AbortSignal) => Promise<T>,
  deps: readonly unknown[],
): { state: AsyncState<T>; reload: () => void } {
  const [state, setState] = useState<AsyncState<T>>({ status: "loading" });
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const lastDeps = useRef<readonly unknown[] | undefined>(undefined);
  useEffect(() => {
    const ctl = new AbortController();
    const refresh = sameDeps(lastDeps.current, deps);
    lastDeps.current = deps;
    if (!refresh) setState({ status: "loading" });
    loadRef.current(ctl.signal).then(
      (value) => {
        if (!ctl.signal.aborted) setState({ status: "ok", value });
      },
      (e: unknown) => {
        if (!ctl.signal.aborted) setState({ status: "error", message: errorMessage(e) });
      },
    );
    return () => ctl.abort();
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { state, reload };
}
