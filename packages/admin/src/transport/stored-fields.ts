import type { Message } from "@bufbuild/protobuf";
import { BinaryWriter, WireType } from "@bufbuild/protobuf/wire";
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
  /** The field's value, encoded (without tag or length). */
  bytes: Uint8Array;
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

/**
 * Makes `message[localName]` (field number `no`, a message field) the value `decode()` returns
 * the first time it is read; `bytes` must be what `toBinary` of that value gives.
 */
export function setStoredField(
  message: Message,
  field: { localName: string; number: number },
  bytes: Uint8Array,
  decode: () => unknown,
): void {
  const { localName } = field;
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
  stored.set(message, [
    ...(stored.get(message) ?? []).filter((f) => f.localName !== localName),
    { localName, no: field.number, bytes },
  ]);
}

/** Whether `message` still holds a stored field nobody has read. */
export function hasStoredFields(message: object): boolean {
  return stored.has(message);
}

/**
 * Turns the unread stored fields of `message` into unknown fields with the same field numbers
 * (which `toBinary` writes byte for byte after the known fields) and clears the properties.
 * Only for a message that is about to be encoded to binary and then dropped.
 */
function toStoredEncoding(message: Message): void {
  const fields = stored.get(message);
  if (!fields) return;
  stored.delete(message);
  const unknown = [...(message.$unknown ?? [])];
  for (const f of fields.sort((a, b) => a.no - b.no)) {
    Object.defineProperty(message, f.localName, {
      value: undefined,
      writable: true,
      enumerable: true,
      configurable: true,
    });
    unknown.push({ no: f.no, wireType: WireType.LengthDelimited, data: new BinaryWriter().bytes(f.bytes).finish() });
  }
  message.$unknown = unknown;
}

/** `toStoredEncoding` for the message and the messages directly inside it (singular or repeated). */
export function useStoredEncoding(message: Message): void {
  toStoredEncoding(message);
  for (const value of Object.values(message) as unknown[]) {
    if (Array.isArray(value)) {
      for (const item of value as unknown[])
        if (typeof item === "object" && item !== null) toStoredEncoding(item as Message);
    } else if (typeof value === "object" && value !== null && stored.has(value)) {
      toStoredEncoding(value as Message);
    }
  }
}

/** Content types whose messages are binary protobuf (gRPC, gRPC-web incl. -text, Connect). */
const BINARY_CONTENT = /^application\/(?:grpc(?:-web(?:-text)?)?(?:\+proto)?|proto|connect\+proto)\s*(?:;|$)/i;

/** Unary responses that go out as binary protobuf carry their stored fields' bytes unchanged. */
export const storedFieldsInterceptor: Interceptor = (next) => async (req) => {
  const res = await next(req);
  if (!res.stream && BINARY_CONTENT.test(req.header.get("content-type") ?? "")) useStoredEncoding(res.message);
  return res;
};
