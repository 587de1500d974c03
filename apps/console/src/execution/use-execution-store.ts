import { useEffect, useReducer, useState } from "react";
import { create } from "@bufbuild/protobuf";
import { WorkflowExecutionIdentifierSchema } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import { admin } from "../api/client";
import { ExecutionStore } from "./execution-store";

const VISIBLE_MS = 1000;
const HIDDEN_MS = 15_000;
const MAX_BACKOFF_MS = 10_000;

/**
 * The execution's store, polled every second while it runs (every 15 s while the tab is hidden,
 * backing off after errors), stopped once the execution is terminal.
 */
export function useExecutionStore(project: string, domain: string, name: string): ExecutionStore {
  const [, rerender] = useReducer((x: number) => x + 1, 0);
  const [store] = useState(
    () =>
      new ExecutionStore({
        client: admin,
        id: create(WorkflowExecutionIdentifierSchema, { project, domain, name }),
        onChange: rerender,
      }),
  );
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    let wake: (() => void) | undefined;
    const sleep = (ms: number) =>
      new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, ms);
      });
    const onVisible = () => {
      if (!document.hidden && wake) {
        clearTimeout(timer);
        wake();
      }
    };
    document.addEventListener("visibilitychange", onVisible);
    const loop = async () => {
      while (!stopped) {
        const hadError = store.error !== undefined;
        const more = await store.poll();
        if (stopped || !more) return;
        failures = store.error !== undefined ? failures + 1 : 0;
        const base = document.hidden ? HIDDEN_MS : VISIBLE_MS;
        const backoff = failures > 0 || hadError ? Math.min(MAX_BACKOFF_MS, VISIBLE_MS * 2 ** failures) : 0;
        await sleep(Math.max(base, backoff));
      }
    };
    void loop();
    return () => {
      stopped = true;
      clearTimeout(timer);
      wake?.();
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [store]);
  return store;
}
