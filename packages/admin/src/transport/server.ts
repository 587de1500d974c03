import type { DescService, Message } from "@bufbuild/protobuf";
import {
  Code,
  ConnectError,
  createHandlerContext,
  type ConnectRouter,
  type Interceptor,
  type ServiceImpl,
} from "@connectrpc/connect";
import { createServer as createHttp1Server } from "node:http";
import { createServer as createHttp2Server } from "node:http2";
import { createServer as createNetServer, type AddressInfo, type Server as NetServer, type Socket } from "node:net";
import { connectAdapter } from "./connect-adapter.js";
import { identityBinding, LOCAL_USER } from "./identity.js";
import { toConnectError } from "./errors.js";
import { httpRoutes, RouteTable } from "./http-routes.js";
import { Metrics } from "./metrics.js";
import { storedFieldsInterceptor } from "./stored-fields.js";
import { createRestGateway, type AnyRequest, type AnyResponse, type Invoke } from "./rest-gateway.js";

/** A service and its implementation; the server exposes it over every protocol. */
export interface ServiceBinding {
  service: DescService;
  impl: Partial<ServiceImpl<DescService>>;
}

/** A plain HTTP route of the server's own (e.g. the console, signed-URL data). */
export type ExtraHandler = (req: AnyRequest, res: AnyResponse) => Promise<boolean> | boolean;

export interface RpcServerOptions {
  services: readonly ServiceBinding[];
  /** Tried, in order, before 404, after the RPC routes. */
  extraHandlers?: readonly ExtraHandler[];
  /** Answer for `GET /me`. */
  userInfo?: () => Record<string, unknown>;
  /** Largest accepted request, for every protocol. Default 16 MiB. */
  maxMessageBytes?: number;
  /** Gauges added to /metrics. */
  gauges?: () => Readonly<Record<string, number>>;
  /** Reports unexpected (internal) errors; the client only sees "internal error". */
  onInternalError?: (e: unknown, where: string) => void;
}

export interface RpcServer {
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

/**
 * One port for everything: gRPC over h2c, gRPC-web and Connect (HTTP/1.1 or h2c), REST routes from
 * the `google.api.http` annotations, `/healthz`, `/metrics`, `/me`, and CORS with credentials for a
 * console served from another origin. HTTP/1.1 and HTTP/2 are told apart by the connection preface.
 */
export async function startRpcServer(opts: RpcServerOptions & { host: string; port: number }): Promise<RpcServer> {
  const maxBytes = opts.maxMessageBytes ?? 16 * 1024 * 1024;
  const userInfo = () => opts.userInfo?.() ?? LOCAL_USER;
  const services = opts.services.some((b) => b.service.typeName === "flyteidl.service.IdentityService")
    ? opts.services
    : [...opts.services, identityBinding(userInfo)];
  const metrics = new Metrics();
  const reportInternal = (e: unknown, where: string) => opts.onInternalError?.(e, where);
  const countErrors: Interceptor = (next) => async (req) => {
    try {
      const res = await next(req);
      metrics.inc("flyte_rpc_requests_total", "RPCs served", { method: req.method.name, code: "ok" });
      return res;
    } catch (e) {
      const err = toConnectError(e);
      if (err.code === Code.Internal) reportInternal(e, req.method.name);
      metrics.inc("flyte_rpc_requests_total", "RPCs served", { method: req.method.name, code: String(err.code) });
      throw err;
    }
  };
  const connect = connectAdapter({
    routes: (router: ConnectRouter) => {
      for (const b of services) router.service(b.service, b.impl);
    },
    interceptors: [countErrors, storedFieldsInterceptor],
    readMaxBytes: maxBytes,
    fallback: (req, res) => {
      const path = (req.url ?? "/").split("?")[0] ?? "/";
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ code: 5, message: `no route for ${req.method ?? "?"} ${path}` }));
    },
    onInternalError: reportInternal,
  });

  const invoke: Invoke = async (service, method, request, call) => {
    const impl = services.find((b) => b.service === service)?.impl as Record<string, unknown> | undefined;
    const fn = impl?.[method.localName] as ((req: Message, ctx: unknown) => Promise<Message>) | undefined;
    const label = { method: method.name };
    if (!fn) {
      metrics.inc("flyte_rest_requests_total", "REST requests served", { ...label, code: "12" });
      throw new ConnectError(
        `${service.typeName}.${method.name} is not implemented by this server`,
        Code.Unimplemented,
      );
    }
    const ctx = createHandlerContext({
      service,
      method,
      protocolName: "rest",
      requestMethod: "POST",
      url: `/${service.typeName}/${method.name}`,
      requestHeader: call.headers,
      requestSignal: call.signal,
    });
    try {
      const out = await fn.call(impl, request, ctx);
      metrics.inc("flyte_rest_requests_total", "REST requests served", { ...label, code: "ok" });
      return out;
    } catch (e) {
      const err = toConnectError(e);
      if (err.code === Code.Internal) reportInternal(e, method.name);
      metrics.inc("flyte_rest_requests_total", "REST requests served", { ...label, code: String(err.code) });
      throw err;
    }
  };
  const rest = createRestGateway({
    routes: new RouteTable(httpRoutes(services.map((s) => s.service))),
    invoke,
    maxBodyBytes: maxBytes,
  });

  const handler = (req: AnyRequest, res: AnyResponse) => {
    void handle(req, res).catch((e: unknown) => {
      reportInternal(e, req.url ?? "?");
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ code: 13, message: "internal error" }));
    });
  };
  const handle = async (req: AnyRequest, res: AnyResponse) => {
    const origin = req.headers.origin;
    if (typeof origin === "string") {
      res.setHeader("access-control-allow-origin", origin);
      res.setHeader("access-control-allow-credentials", "true");
      res.setHeader("vary", "origin");
      res.setHeader(
        "access-control-expose-headers",
        "grpc-status, grpc-message, grpc-status-details-bin, connect-protocol-version, flyte-error-code",
      );
      if (req.method === "OPTIONS") {
        res.setHeader("access-control-allow-methods", "GET, POST, PUT, DELETE, PATCH, OPTIONS");
        res.setHeader(
          "access-control-allow-headers",
          String(req.headers["access-control-request-headers"] ?? "content-type, authorization"),
        );
        res.setHeader("access-control-max-age", "600");
        res.writeHead(204);
        res.end();
        return;
      }
    }
    const path = (req.url ?? "/").split("?")[0];
    if (path === "/healthz") {
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("ok\n");
      return;
    }
    if (path === "/metrics") {
      res.writeHead(200, { "content-type": "text/plain; version=0.0.4" });
      res.end(metrics.render(opts.gauges?.() ?? {}));
      return;
    }
    if (path === "/me" && req.method === "GET") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(userInfo()));
      return;
    }
    if (await rest(req, res)) return;
    for (const extra of opts.extraHandlers ?? []) if (await extra(req, res)) return;
    connect(req, res);
  };

  const h1 = createHttp1Server(handler);
  const h2 = createHttp2Server({}, handler);
  const sockets = new Set<Socket>();
  const server: NetServer = createNetServer((socket) => {
    // Small RPC frames must not wait for Nagle's algorithm (~40 ms per gRPC call otherwise).
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.once("data", (first: Buffer) => {
      socket.pause();
      socket.unshift(first);
      // An HTTP/2 prior-knowledge connection starts with "PRI * HTTP/2.0"; no HTTP/1 method is PRI.
      if (first.subarray(0, 3).toString("latin1") === "PRI") {
        // http2 reads the native handle directly, and first feeds it what is already buffered in
        // the socket (the unshifted preface), so the connection stays on the fast native path.
        h2.emit("connection", socket);
      } else {
        h1.emit("connection", socket);
        socket.resume();
      }
    });
    socket.on("error", () => socket.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://${opts.host.includes(":") ? `[${opts.host}]` : opts.host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
        h1.closeAllConnections();
      }),
  };
}
