import { Code, ConnectError, createConnectRouter, type ConnectRouter, type Interceptor } from "@connectrpc/connect";
import {
  compressionBrotli,
  compressionGzip,
  universalRequestFromNodeRequest,
  universalResponseToNodeResponse,
} from "@connectrpc/connect-node";
import { readAllBytes, type UniversalServerResponse } from "@connectrpc/connect/protocol";
import { bufferedBody } from "./buffered-body.js";
import type { AnyRequest, AnyResponse } from "./rest-gateway.js";

export interface ConnectAdapterOptions {
  routes: (router: ConnectRouter) => void;
  interceptors: Interceptor[];
  readMaxBytes: number;
  fallback: (req: AnyRequest, res: AnyResponse) => void;
  onInternalError: (e: unknown, where: string) => void;
}

/** Connect-ES's own message for a request body that is not the method's message. */
const PARSE_FAILURE = /^parse binary: /;

/**
 * Serves Connect, gRPC and gRPC-web like `connectNodeAdapter`, with one difference: a request body
 * that does not decode as the method's input message is the client's fault and answers
 * INVALID_ARGUMENT naming the message type (Connect-ES answers INTERNAL, as gRPC-Go does).
 */
export function connectAdapter(options: ConnectAdapterOptions): (req: AnyRequest, res: AnyResponse) => void {
  const router = createConnectRouter({
    interceptors: options.interceptors,
    readMaxBytes: options.readMaxBytes,
    acceptCompression: [compressionGzip, compressionBrotli],
    // Compressed requests are accepted; responses are compressed only when big, where it pays off
    // beyond loopback (gzip of a 100-execution page costs more CPU than the database query).
    compressMinBytes: 256 * 1024,
  });
  options.routes(router);
  const handlers = new Map(router.handlers.map((h) => [h.requestPath, h]));
  return (req, res) => {
    const handler = handlers.get((req.url ?? "").split("?", 2)[0] ?? "");
    if (!handler) {
      options.fallback(req, res);
      return;
    }
    const typeName = handler.method.input.typeName;
    const uReq = universalRequestFromNodeRequest(req, res, undefined, undefined);
    if (handler.method.methodKind === "unary") uReq.body = bufferedBody(req, options.readMaxBytes);
    handler(uReq)
      .then((uRes) => invalidArgumentOnParseFailure(uRes, typeName))
      .then((uRes) => universalResponseToNodeResponse(uRes, res))
      .catch((e: unknown) => {
        if (ConnectError.from(e).code === Code.Aborted) return;
        options.onInternalError(e, `${handler.service.typeName}/${handler.method.name}`);
      });
  };
}

async function invalidArgumentOnParseFailure(
  uRes: UniversalServerResponse,
  typeName: string,
): Promise<UniversalServerResponse> {
  const explain = (m: string) => `the request is not a valid ${typeName}: ${m.replace(PARSE_FAILURE, "")}`;
  // gRPC and gRPC-web: a trailers-only answer carries the status in the header (or the trailer).
  for (const h of [uRes.header, uRes.trailer]) {
    if (h?.get("grpc-status") === String(Code.Internal)) {
      const m = decodeURIComponent(h.get("grpc-message") ?? "");
      if (PARSE_FAILURE.test(m)) {
        h.set("grpc-status", String(Code.InvalidArgument));
        h.set("grpc-message", encodeURIComponent(explain(m)));
      }
    }
  }
  // Connect unary: an error is a JSON body with HTTP 500 for `internal`.
  if (uRes.status === 500 && uRes.body && uRes.header?.get("content-type")?.startsWith("application/json")) {
    const bytes = await readAllBytes(uRes.body, Number.MAX_SAFE_INTEGER);
    let body = bytes;
    try {
      const e = JSON.parse(new TextDecoder().decode(bytes)) as { code?: string; message?: string };
      if (e.code === "internal" && PARSE_FAILURE.test(e.message ?? "")) {
        body = new TextEncoder().encode(
          JSON.stringify({ code: "invalid_argument", message: explain(e.message ?? "") }),
        );
        uRes = { ...uRes, status: 400 };
        uRes.header?.delete("content-length");
      }
    } catch {
      // not JSON after all: pass it on unchanged
    }
    return { ...uRes, body: once(body) };
  }
  return uRes;
}

async function* once(bytes: Uint8Array): AsyncIterable<Uint8Array> {
  yield await Promise.resolve(bytes);
}
