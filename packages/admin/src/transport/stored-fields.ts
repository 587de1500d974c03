import type { Message } from "@bufbuild/protobuf";
import { WireType } from "@bufbuild/protobuf/wire";
import type { Interceptor } from "@connectrpc/connect";

/**
 * Sub-messages kept as their stored encoding until someone reads them.
 *
 * The read RPCs return rows whose big parts (an execution's spec and closure) are stored as
 * protobuf bytes. Decoding them only to encode them again for a binary response costs most of a
 * ListExecutions page; `setStoredField` makes such a field a lazily decoded property instead, and
 * `storedFieldsInterceptor` sends the stored bytes as they are when the response goes out as
 * binary protobuf (gRPC, gRPC-web, Connect `application/proto`). Everything else (JSON
 * responses, in-process callers, the REST gateway) sees an ordinary message: the first read of
 * the property decodes it and replaces the property with the plain value, and from then on the
 * stored bytes are forgotten (the decoded value may be changed).
 */

interface StoredField {
  localName: string;
  /** The field number in the parent message. */
  no: number;
  /** The field's value as an unknown length-delimited field's data: length, then the encoding. */
  data: Uint8Array;
  /** A repeated field (empty, not absent, in the copy `withStoredEncoding` makes). */
  repeated?: true;
}

const stored = new WeakMap<object, StoredField[]>();

function settle(message: object, localName: string, value: unknown): void {
  Object.defineProperty(message, localName, { value, writable: true, enumerable: true, configurable: true });
  const fields = stored.get(message);
  if (!fields) return;
  const rest = fields.filter((f) => f.localName !== localName);
  if (rest.length === 0) stored.delete(message);
  else stored.set(message, rest);
}

export function varintSize(v: number): number {
  let n = 1;
  for (let x = v; x >= 0x80; x >>>= 7) n++;
  return n;
}

export function writeVarint(out: Uint8Array, at: number, v: number): number {
  let x = v;
  while (x >= 0x80) {
    out[at++] = (x & 0x7f) | 0x80;
    x >>>= 7;
  }
  out[at++] = x;
  return at;
}

const sizeOf = (parts: readonly Uint8Array[]) => parts.reduce((n, p) => n + p.byteLength, 0);

/**
 * Values of length-delimited fields, encoded in one buffer: for each `[tag or undefined, parts]`
 * the tag (field number, wire type 2) when given, the parts' total length, then the parts.
 */
function encodeDelimited(values: readonly (readonly [number | undefined, readonly Uint8Array[]])[]): Uint8Array {
  let size = 0;
  for (const [no, parts] of values) {
    const n = sizeOf(parts);
    size += (no === undefined ? 0 : varintSize((no << 3) | WireType.LengthDelimited)) + varintSize(n) + n;
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const [no, parts] of values) {
    if (no !== undefined) at = writeVarint(out, at, (no << 3) | WireType.LengthDelimited);
    at = writeVarint(out, at, sizeOf(parts));
    for (const p of parts) {
      out.set(p, at);
      at += p.byteLength;
    }
  }
  return out;
}

function lengthDelimited(bytes: Uint8Array, suffix: Uint8Array | undefined): Uint8Array {
  return encodeDelimited([[undefined, suffix ? [bytes, suffix] : [bytes]]]);
}

function remember(message: Message, entry: StoredField): void {
  const fields = stored.get(message);
  if (!fields) stored.set(message, [entry]);
  else stored.set(message, [...fields.filter((f) => f.localName !== entry.localName), entry]);
}

function defineLazy(message: Message, localName: string, decode: () => unknown): void {
  Object.defineProperty(message, localName, {
    get() {
      const value = decode();
      settle(message, localName, value);
      return value;
    },
    set(value: unknown) {
      settle(message, localName, value);
    },
    enumerable: true,
    configurable: true,
  });
}

/**
 * `setStoredField` for a repeated message field: `data` is what follows the first element's tag
 * on the wire, i.e. each element's length and encoding, with the field's tag (field number, wire
 * type 2) between elements. `decode` gives the whole array. At least one element.
 */
export function setStoredRepeatedField(
  message: Message,
  field: { localName: string; number: number },
  decode: () => unknown[],
  data: Uint8Array,
): void {
  defineLazy(message, field.localName, decode);
  remember(message, { localName: field.localName, no: field.number, data, repeated: true });
}

/**
 * Makes `message[localName]` (field number `no`, a message field) the value `decode()` returns
 * the first time it is read; `bytes` followed by `suffix` (more encoded fields of the value, e.g.
 * one that overrides a stored field) must be what `toBinary` of that value would give.
 */
export function setStoredField(
  message: Message,
  field: { localName: string; number: number },
  decode: () => unknown,
  bytes: Uint8Array,
  suffix?: Uint8Array,
): void {
  defineLazy(message, field.localName, decode);
  remember(message, { localName: field.localName, no: field.number, data: lengthDelimited(bytes, suffix) });
}

/** Whether `message` still holds a stored field nobody has read. */
export function hasStoredFields(message: object): boolean {
  return stored.has(message);
}

/**
 * A copy of `message` for the wire: its unread stored fields become unknown fields with the same
 * field numbers (which `toBinary` writes byte for byte after the known fields), the rest is shared.
 * `message` itself is left as it was.
 */
function withStoredEncoding<T extends Message>(message: T): T {
  const fields = stored.get(message);
  if (!fields) return message;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(message)) {
    const f = fields.find((x) => x.localName === key);
    out[key] = f ? (f.repeated ? [] : undefined) : (message as Record<string, unknown>)[key];
  }
  const unknown = [...(message.$unknown ?? [])];
  for (const f of [...fields].sort((a, b) => a.no - b.no)) {
    unknown.push({ no: f.no, wireType: WireType.LengthDelimited, data: f.data });
  }
  out.$unknown = unknown;
  return out as T;
}

/**
 * `withStoredEncoding` for the message and the messages directly inside it (singular or
 * repeated): what to encode to binary in place of `message`. `message` is not changed.
 */
export function useStoredEncoding<T extends Message>(message: T): T {
  const top = withStoredEncoding(message);
  let out: Record<string, unknown> | undefined;
  for (const [key, value] of Object.entries(top) as [string, unknown][]) {
    let replaced: unknown = value;
    if (Array.isArray(value)) {
      const items = value as unknown[];
      if (items.some((item) => typeof item === "object" && item !== null && stored.has(item))) {
        replaced = items.map((item) =>
          typeof item === "object" && item !== null ? withStoredEncoding(item as Message) : item,
        );
      }
    } else if (typeof value === "object" && value !== null && stored.has(value)) {
      replaced = withStoredEncoding(value as Message);
    }
    if (replaced !== value) (out ??= { ...(top as Record<string, unknown>) })[key] = replaced;
  }
  return (out ?? top) as T;
}

/** Content types whose messages are binary protobuf (gRPC, gRPC-web incl. -text, Connect). */
const BINARY_CONTENT = /^application\/(?:grpc(?:-web(?:-text)?)?(?:\+proto)?|proto|connect\+proto)\s*(?:;|$)/i;

/** Unary responses that go out as binary protobuf carry their stored fields' bytes unchanged. */
export const storedFieldsInterceptor: Interceptor = (next) => async (req) => {
  const res = await next(req);
  if (res.stream || !BINARY_CONTENT.test(req.header.get("content-type") ?? "")) return res;
  const message = useStoredEncoding(res.message);
  return message === res.message ? res : { ...res, message };
};
