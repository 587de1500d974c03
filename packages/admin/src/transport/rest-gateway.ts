import {
  fromBinary,
  fromJson,
  mergeFromJson,
  toBinary,
  toJson,
  type DescMessage,
  type DescMethod,
  type DescService,
  type JsonValue,
  type Message,
} from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { protoJsonOptions } from "@flyte-ts/idl";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Http2ServerRequest, Http2ServerResponse } from "node:http2";
import { httpStatusForCode, toConnectError } from "./errors.js";
import type { RouteTable } from "./http-routes.js";
import { paramsToJson, parseQuery } from "./request-params.js";

export type AnyRequest = IncomingMessage | Http2ServerRequest;
export type AnyResponse = ServerResponse | Http2ServerResponse;

/** Calls the implementation of one unary RPC. */
export type Invoke = (
  service: DescService,
  method: DescMethod,
  request: Message,
  call: { headers: Headers; signal: AbortSignal },
) => Promise<Message>;

export interface RestGatewayOptions {
  routes: RouteTable;
  invoke: Invoke;
  /** Largest accepted request body; bigger bodies get 413. */
  maxBodyBytes: number;
}

const binaryTypes = ["application/octet-stream", "application/x-protobuf", "application/protobuf"];
const isBinary = (contentType: string | undefined) => binaryTypes.some((t) => contentType?.startsWith(t) ?? false);

/**
 * REST bindings of the services' `google.api.http` rules, the way grpc-gateway serves them: binary
 * protobuf when the client sends or accepts `application/octet-stream`, protobuf JSON (proto field
 * names, defaults emitted) otherwise. Returns false when no route matches the request.
 */
export function createRestGateway(opts: RestGatewayOptions) {
  return async function handle(req: AnyRequest, res: AnyResponse): Promise<boolean> {
    const url = new URL(req.url ?? "/", "http://localhost");
    const match = opts.routes.match(req.method ?? "GET", url.pathname);
    if (!match) return false;
    const { route, params } = match;
    const binary = isBinary(req.headers["content-type"]) || isBinary(req.headers.accept);
    const abort = new AbortController();
    req.on("close", () => abort.abort());
    try {
      if (route.method.methodKind !== "unary") {
        throw new ConnectError(`${route.method.name} is a streaming RPC: use gRPC or Connect`, Code.Unimplemented);
      }
      const input = route.method.input;
      let message: Message;
      if (route.body === "*") {
        const body = await readBody(req, opts.maxBodyBytes);
        message = decodeBody(input, body, isBinary(req.headers["content-type"]));
        mergeFromJson(input, message, paramsToJson(input, Object.entries(params), "path"));
      } else {
        const json = paramsToJson(input, parseQuery(url.search), "query");
        Object.assign(json, paramsToJson(input, Object.entries(params), "path"));
        message = fromJson(input, json, { ignoreUnknownFields: false });
      }
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      const output = await opts.invoke(route.service, route.method, message, { headers, signal: abort.signal });
      send(res, 200, route.method.output, output, binary);
    } catch (e) {
      const err = toConnectError(e);
      const status = httpStatusForCode(err.code);
      const payload = JSON.stringify({ code: err.code, message: err.rawMessage, error: err.rawMessage, details: [] });
      res.writeHead(status, { "content-type": "application/json" });
      res.end(payload);
    }
    return true;
  };
}

function decodeBody(schema: DescMessage, body: Uint8Array, binary: boolean): Message {
  try {
    if (binary) return fromBinary(schema, body);
    const text = new TextDecoder().decode(body).trim();
    return fromJson(schema, text === "" ? {} : (JSON.parse(text) as JsonValue), { ignoreUnknownFields: true });
  } catch (e) {
    throw new ConnectError(
      `malformed ${binary ? "protobuf" : "JSON"} body for ${schema.typeName}: ${(e as Error).message}`,
      Code.InvalidArgument,
    );
  }
}

function send(res: AnyResponse, status: number, schema: DescMessage, msg: Message, binary: boolean): void {
  if (binary) {
    const bytes = toBinary(schema, msg);
    res.writeHead(status, { "content-type": "application/octet-stream", "content-length": String(bytes.byteLength) });
    res.end(bytes);
  } else {
    const text = JSON.stringify(toJson(schema, msg, protoJsonOptions));
    res.writeHead(status, { "content-type": "application/json" });
    res.end(text);
  }
}

export async function readBody(req: AnyRequest, limit: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      throw new ConnectError(`request body larger than ${limit} bytes`, Code.ResourceExhausted);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
