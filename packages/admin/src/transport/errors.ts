import type { DescMessage, MessageInitShape } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { ErrorStatus, isFlyteError } from "@flyte-ts/core";

/** A typed protobuf detail an error carries to the client (gRPC `grpc-status-details-bin`). */
export interface WireDetail {
  desc: DescMessage;
  value: MessageInitShape<DescMessage>;
}

/** Errors with `wireDetails` (e.g. Flyte's `CreateWorkflowFailureReason`) send them along. */
const wireDetailsOf = (e: object): WireDetail[] | undefined => {
  const d = (e as { wireDetails?: unknown }).wireDetails;
  return Array.isArray(d) ? (d as WireDetail[]) : undefined;
};

const statusToCode: Record<ErrorStatus, Code> = {
  [ErrorStatus.InvalidArgument]: Code.InvalidArgument,
  [ErrorStatus.NotFound]: Code.NotFound,
  [ErrorStatus.AlreadyExists]: Code.AlreadyExists,
  [ErrorStatus.FailedPrecondition]: Code.FailedPrecondition,
  [ErrorStatus.ResourceExhausted]: Code.ResourceExhausted,
  [ErrorStatus.Unavailable]: Code.Unavailable,
  [ErrorStatus.Aborted]: Code.Aborted,
  [ErrorStatus.DeadlineExceeded]: Code.DeadlineExceeded,
  [ErrorStatus.Internal]: Code.Internal,
};

/** HTTP statuses for gRPC codes, as grpc-gateway maps them. */
const codeToHttp: Record<Code, number> = {
  [Code.Canceled]: 499,
  [Code.Unknown]: 500,
  [Code.InvalidArgument]: 400,
  [Code.DeadlineExceeded]: 504,
  [Code.NotFound]: 404,
  [Code.AlreadyExists]: 409,
  [Code.PermissionDenied]: 403,
  [Code.ResourceExhausted]: 429,
  [Code.FailedPrecondition]: 400,
  [Code.Aborted]: 409,
  [Code.OutOfRange]: 400,
  [Code.Unimplemented]: 501,
  [Code.Internal]: 500,
  [Code.Unavailable]: 503,
  [Code.DataLoss]: 500,
  [Code.Unauthenticated]: 401,
};

/**
 * The RPC edge's view of any thrown value: FlyteErrors keep their message and get the gRPC code of
 * their status (plus the Flyte error code in metadata); anything else is an internal error whose
 * details stay in the server log.
 */
export function toConnectError(e: unknown): ConnectError {
  if (e instanceof ConnectError) return e;
  if (isFlyteError(e)) {
    const err = new ConnectError(e.message, statusToCode[e.status], undefined, wireDetailsOf(e));
    err.metadata.set("flyte-error-code", e.code);
    return err;
  }
  if (
    e instanceof SyntaxError ||
    (e instanceof Error && /cannot decode|invalid wire type|premature EOF|illegal tag/i.test(e.message))
  ) {
    return new ConnectError(`malformed request: ${e.message}`, Code.InvalidArgument);
  }
  return new ConnectError("internal error", Code.Internal, undefined, undefined, e);
}

export function httpStatusForCode(code: Code): number {
  return codeToHttp[code] ?? 500;
}
