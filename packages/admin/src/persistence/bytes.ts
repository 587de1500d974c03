/** better-sqlite3 binds only Buffers (not plain Uint8Arrays); pg accepts both. */
export function toDbBytes(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function toDbBytesOrNull(bytes: Uint8Array | undefined | null): Buffer | null {
  return bytes === undefined || bytes === null ? null : toDbBytes(bytes);
}

/** A stable plain `Uint8Array` view of what the driver returned. */
export function fromDbBytes(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
