import { ExecutionError_ErrorKind, type ExecutionError } from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";

const KIND: Readonly<Record<ExecutionError_ErrorKind, string>> = {
  [ExecutionError_ErrorKind.UNKNOWN]: "unknown",
  [ExecutionError_ErrorKind.USER]: "user",
  [ExecutionError_ErrorKind.SYSTEM]: "system",
};

/** An execution error: its kind (user or system), code and message. */
export function ErrorView({ error }: { error: ExecutionError }) {
  const kind = KIND[error.kind] ?? "unknown";
  return (
    <div
      className="error-box"
      role="region"
      aria-label="Error"
      data-testid="error-view"
      data-error-kind={kind.toUpperCase()}
    >
      <div>
        <strong>{kind === "unknown" ? "Error" : `${kind[0]?.toUpperCase()}${kind.slice(1)} error`}</strong>
        {error.code && <span className="mono muted"> {error.code}</span>}
      </div>
      <div className="mono">{error.message}</div>
    </div>
  );
}
