import type { DescService } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient, type Client, type Interceptor, type Transport } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { AdminService } from "@flyte-ts/idl/gen/flyteidl/service/admin_pb";
import { DataProxyService } from "@flyte-ts/idl/gen/flyteidl/service/dataproxy_pb";
import { SignalService } from "@flyte-ts/idl/gen/flyteidl/service/signal_pb";
import { CliError, ExitCode } from "../exit-codes.js";
import type { RemoteConfig } from "./cli-config.js";

/** The clients a remote command uses; every call's failure becomes a `CliError` with the right exit code. */
export interface Remote {
  readonly config: RemoteConfig;
  readonly admin: Client<typeof AdminService>;
  readonly dataProxy: Client<typeof DataProxyService>;
  readonly signals: Client<typeof SignalService>;
  /** GET a plain JSON route of the server (e.g. `/api/v1/schedules/...`). */
  getJson(path: string): Promise<unknown>;
}

/** Opens clients to `config.endpoint` over the Connect protocol (binary protobuf, HTTP/1.1). */
export function openRemote(config: RemoteConfig, options: { timeoutMs?: number } = {}): Remote {
  const auth: Interceptor = (next) => (req) => {
    if (config.token) req.header.set("authorization", `Bearer ${config.token}`);
    return next(req);
  };
  const transport: Transport = createConnectTransport({
    baseUrl: config.endpoint,
    httpVersion: "1.1",
    useBinaryFormat: true,
    interceptors: [auth],
    defaultTimeoutMs: options.timeoutMs ?? 60_000,
  });
  return {
    config,
    admin: mapErrors(createClient(AdminService, transport), config.endpoint),
    dataProxy: mapErrors(createClient(DataProxyService, transport), config.endpoint),
    signals: mapErrors(createClient(SignalService, transport), config.endpoint),
    getJson: async (path) => {
      let res: Response;
      try {
        res = await fetch(`${config.endpoint}${path}`, {
          headers: config.token ? { authorization: `Bearer ${config.token}` } : {},
        });
      } catch (e) {
        throw unreachable(config.endpoint, e);
      }
      const text = await res.text();
      if (!res.ok) throw new CliError(`GET ${path} failed: ${res.status} ${text.slice(0, 500)}`, ExitCode.Failed);
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new CliError(`GET ${path} did not answer JSON`, ExitCode.Internal);
      }
    },
  };
}

/** Wraps every method so a failed call throws a `CliError` that says what to do. */
function mapErrors<S extends DescService>(client: Client<S>, endpoint: string): Client<S> {
  return new Proxy(client, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        let result: unknown;
        try {
          result = (value as (...a: unknown[]) => unknown).apply(target, args);
        } catch (e) {
          throw toCliError(e, endpoint, String(key));
        }
        if (result instanceof Promise)
          return result.catch((e: unknown) => Promise.reject(toCliError(e, endpoint, String(key))));
        return result;
      };
    },
  });
}

/** A call the server answered with an error: the CLI error plus the RPC status code to branch on. */
export class RemoteCallError extends CliError {
  readonly rpcCode: Code;
  constructor(message: string, exitCode: ExitCode, rpcCode: Code) {
    super(message, exitCode);
    this.name = "RemoteCallError";
    this.rpcCode = rpcCode;
  }
}

/** Whether `e` is a server answer with status `code` (e.g. `Code.NotFound`). */
export const isRpcCode = (e: unknown, code: Code): boolean => e instanceof RemoteCallError && e.rpcCode === code;

/** A failed RPC as the CLI reports it. */
export function toCliError(e: unknown, endpoint: string, method: string): CliError {
  if (e instanceof CliError) return e;
  const err = ConnectError.from(e);
  switch (err.code) {
    case Code.Unavailable:
    case Code.DeadlineExceeded:
      return unreachable(endpoint, err);
    case Code.Unauthenticated:
    case Code.PermissionDenied:
      return new CliError(`${err.rawMessage} (set FLYTE_TOKEN or admin.token in the config file)`, ExitCode.Failed);
    case Code.Internal:
    case Code.Unknown:
    case Code.DataLoss:
      if (isConnectionFailure(err)) return unreachable(endpoint, err);
      return new CliError(`the server failed on ${method}: ${err.rawMessage}`, ExitCode.Internal);
    case Code.Unimplemented:
      return new RemoteCallError(
        `the server at ${endpoint} does not support ${method}: ${err.rawMessage}`,
        ExitCode.Failed,
        err.code,
      );
    case Code.Canceled:
    case Code.Aborted:
    case Code.AlreadyExists:
    case Code.FailedPrecondition:
    case Code.InvalidArgument:
    case Code.NotFound:
    case Code.OutOfRange:
    case Code.ResourceExhausted:
      return new RemoteCallError(err.rawMessage, ExitCode.Failed, err.code);
    default:
      return new RemoteCallError(err.rawMessage, ExitCode.Failed, err.code);
  }
}

function isConnectionFailure(e: ConnectError): boolean {
  const causeCode = (e.cause as NodeJS.ErrnoException | undefined)?.code;
  return (
    ["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "EHOSTUNREACH", "ETIMEDOUT", "EAI_AGAIN"].includes(causeCode ?? "") ||
    /ECONNREFUSED|ENOTFOUND|fetch failed|socket hang up/.test(e.rawMessage)
  );
}

function unreachable(endpoint: string, e: unknown): CliError {
  const why = e instanceof ConnectError ? e.rawMessage : e instanceof Error ? e.message : String(e);
  return new CliError(
    `cannot reach the Flyte server at ${endpoint} (${why}). Is it running? Start one with \`flyte start\`, or point --endpoint / FLYTE_ENDPOINT at yours.`,
    ExitCode.Unreachable,
  );
}
