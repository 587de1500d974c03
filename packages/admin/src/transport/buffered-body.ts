import { Code, ConnectError } from "@connectrpc/connect";
import type { AnyRequest } from "./rest-gateway.js";

/**
 * A unary request's body, read with 'data' events and handed to Connect as one chunk. Connect-node
 * reads bodies through the stream's async iterator inside an async generator: for the small
 * bodies of unary RPCs that machinery costs more CPU than the RPC's own work. Past `maxBytes`
 * the rest is dropped and what was read is handed on, so Connect's own size check answers
 * (RESOURCE_EXHAUSTED) and memory stays bounded.
 */
export function bufferedBody(req: AnyRequest, maxBytes: number): AsyncIterable<Uint8Array> {
  const whole = new Promise<Uint8Array | undefined>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      resolve(size === 0 ? undefined : chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
    };
    req.on("data", (chunk: Buffer) => {
      if (settled) return;
      chunks.push(chunk);
      size += chunk.byteLength;
      if (size > maxBytes) finish();
    });
    req.once("end", finish);
    req.once("error", (e: Error) => {
      if (settled) return;
      settled = true;
      reject(ConnectError.from(e, Code.Aborted));
    });
    req.once("close", () => {
      if (settled) return;
      settled = true;
      reject(new ConnectError("the request was closed before its body was read", Code.Aborted));
    });
  });
  return {
    [Symbol.asyncIterator]() {
      let done = false;
      return {
        async next(): Promise<IteratorResult<Uint8Array>> {
          if (done) return { done: true, value: undefined };
          done = true;
          const body = await whole;
          return body === undefined ? { done: true, value: undefined } : { done: false, value: body };
        },
        return(): Promise<IteratorResult<Uint8Array>> {
          done = true;
          return Promise.resolve({ done: true, value: undefined });
        },
      };
    },
  };
}
