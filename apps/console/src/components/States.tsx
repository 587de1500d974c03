import type { ReactNode } from "react";
import type { AsyncState } from "../api/use-async";

export function Loading({ label = "Loading…" }: { label?: string }) {
  return (
    <div className="state" role="status" aria-live="polite" data-testid="loading">
      {label}
    </div>
  );
}

export function ErrorState({ message, onRetry }: { message: string; onRetry?: () => void }) {
  return (
    <div className="state error" role="alert" data-testid="error">
      <strong>Something went wrong.</strong> <span data-testid="error-message">{message}</span>
      {onRetry && (
        <div>
          <button type="button" onClick={onRetry}>
            Retry
          </button>
        </div>
      )}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return (
    <div className="state" data-testid="empty">
      {children}
    </div>
  );
}

/** Renders the loading or error state of `state`, or `children(value)` once loaded. */
export function Async<T>({
  state,
  onRetry,
  children,
}: {
  state: AsyncState<T>;
  onRetry?: () => void;
  children: (value: T) => ReactNode;
}) {
  switch (state.status) {
    case "loading":
      return <Loading />;
    case "error":
      return <ErrorState message={state.message} {...(onRetry ? { onRetry } : {})} />;
    case "ok":
      return <>{children(state.value)}</>;
  }
}
