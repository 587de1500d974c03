import { Code, ConnectError, createClient, type Client, type Interceptor } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { AdminService } from "@flyte-ts/idl/gen/flyteidl/service/admin_pb";
import type { RemoteConfig } from "../../remote/cli-config.js";
import { toCliError } from "../../remote/remote-client.js";

/**
 * An AdminService client whose errors stay `ConnectError`s, for the calls whose status code
 * decides what happens next (NOT_FOUND = register it, ALREADY_EXISTS = a conflict). Every other
 * failure goes through `toCliError` like the shared clients' do.
 */
export function rawAdmin(config: RemoteConfig): Client<typeof AdminService> {
  const auth: Interceptor = (next) => (req) => {
    if (config.token) req.header.set("authorization", `Bearer ${config.token}`);
    return next(req);
  };
  return createClient(
    AdminService,
    createConnectTransport({
      baseUrl: config.endpoint,
      httpVersion: "1.1",
      useBinaryFormat: true,
      interceptors: [auth],
      defaultTimeoutMs: 60_000,
    }),
  );
}

/** The status code of a failed call, or undefined when it is not an RPC error. */
export function rpcCode(e: unknown): Code | undefined {
  return e instanceof ConnectError ? e.code : undefined;
}

/** Rethrows what the caller does not handle as the CLI reports it. */
export function asCliError(e: unknown, config: RemoteConfig, method: string): Error {
  return toCliError(e, config.endpoint, method);
}

export { Code };
