import { Readable } from "node:stream";
import { FlyteError, NotFoundError } from "@flyte-ts/core";
import { collectBytes, type BlobInfo, type BlobStore, type WriteBody, type WriteOptions } from "@flyte-ts/storage";
import type { BlobCall, BlobReply, WireBlobInfo, WireError } from "./protocol.js";

function toWireInfo(b: BlobInfo): WireBlobInfo {
  return {
    uri: b.uri,
    size: b.size,
    ...(b.etag === undefined ? {} : { etag: b.etag }),
    ...(b.lastModified === undefined ? {} : { lastModifiedMs: b.lastModified.getTime() }),
  };
}

function fromWireInfo(b: WireBlobInfo): BlobInfo {
  return {
    uri: b.uri,
    size: b.size,
    ...(b.etag === undefined ? {} : { etag: b.etag }),
    ...(b.lastModifiedMs === undefined ? {} : { lastModified: new Date(b.lastModifiedMs) }),
  };
}

export function toWireError(e: unknown): WireError {
  if (e instanceof FlyteError)
    return { name: e.name, message: e.message, code: e.code, kind: e.kind, retryable: e.retryable };
  return { name: e instanceof Error ? e.name : "Error", message: e instanceof Error ? e.message : String(e) };
}

/** Rebuilds a store error in the worker, so `NotFoundError` checks and error kinds still hold. */
function fromWireError(w: WireError): Error {
  if (w.code === "NotFound") return new NotFoundError(w.message);
  if (w.code !== undefined && w.kind !== undefined) {
    return new FlyteError(w.code, w.message, { kind: w.kind, retryable: w.retryable ?? false });
  }
  const e = new Error(w.message);
  e.name = w.name;
  return e;
}

/** Parent side: makes one bridged call on the attempt's store. */
export async function serveBlobCall(store: BlobStore, call: BlobCall): Promise<BlobReply> {
  try {
    switch (call.op) {
      case "head": {
        const info = await store.head(call.uri);
        return { ok: true, value: info ? toWireInfo(info) : null };
      }
      case "read":
        return { ok: true, value: Buffer.from(await store.read(call.uri)).toString("base64") };
      case "write":
        await store.write(
          call.uri,
          Buffer.from(call.base64, "base64"),
          call.contentType ? { contentType: call.contentType } : undefined,
        );
        return { ok: true };
      case "list": {
        const out: WireBlobInfo[] = [];
        for await (const b of store.list(call.prefix)) out.push(toWireInfo(b));
        return { ok: true, value: out };
      }
      case "copy":
        await store.copy(call.from, call.to);
        return { ok: true };
      case "delete":
        await store.delete(call.uri);
        return { ok: true };
      default: {
        const never: never = call;
        throw new Error(`unknown blob call ${JSON.stringify(never)}`);
      }
    }
  } catch (e) {
    return { ok: false, error: toWireError(e) };
  }
}

/** Worker side: a BlobStore whose every call is answered by the pool (see `serveBlobCall`). */
export class BridgeStore implements BlobStore {
  readonly #call: (call: BlobCall) => Promise<BlobReply>;

  constructor(call: (call: BlobCall) => Promise<BlobReply>) {
    this.#call = call;
  }

  async #do(call: BlobCall): Promise<unknown> {
    const reply = await this.#call(call);
    if (!reply.ok) throw fromWireError(reply.error);
    return reply.value;
  }

  contains(): boolean {
    return true;
  }

  async head(uri: string): Promise<BlobInfo | undefined> {
    const v = (await this.#do({ op: "head", uri })) as WireBlobInfo | null;
    return v ? fromWireInfo(v) : undefined;
  }

  async read(uri: string): Promise<Uint8Array> {
    return new Uint8Array(Buffer.from((await this.#do({ op: "read", uri })) as string, "base64"));
  }

  async readStream(uri: string): Promise<Readable> {
    return Readable.from([await this.read(uri)]);
  }

  async write(uri: string, body: WriteBody, options?: WriteOptions): Promise<void> {
    const base64 = Buffer.from(await collectBytes(body)).toString("base64");
    await this.#do({ op: "write", uri, base64, ...(options?.contentType ? { contentType: options.contentType } : {}) });
  }

  async *list(prefix: string): AsyncIterable<BlobInfo> {
    const all = (await this.#do({ op: "list", prefix })) as WireBlobInfo[];
    for (const b of all) yield fromWireInfo(b);
  }

  async copy(from: string, to: string): Promise<void> {
    await this.#do({ op: "copy", from, to });
  }

  async delete(uri: string): Promise<void> {
    await this.#do({ op: "delete", uri });
  }
}
