/**
 * A small MessagePack encoder/decoder for the values the type engine puts in `Binary` literals
 * with tag "msgpack" (how flytekit carries dataclasses, Pydantic models and untyped dicts).
 *
 * Numbers: a JS number is written as a msgpack int when it is a safe integer, else as float64;
 * wrap a number in `MsgFloat` to force float64 (float fields stay floats for Python readers).
 * Bigints are written as int64/uint64. On decode, ints outside the safe range become bigints.
 */

/** A number that must be encoded as float64 even when it is whole. */
export class MsgFloat {
  constructor(readonly value: number) {}
}

/** A value msgpack can encode: `MsgFloat` forces a float encoding for whole numbers. */
export type MsgValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | MsgFloat
  | readonly MsgValue[]
  | { readonly [key: string]: MsgValue };

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder();

class Writer {
  private buf = new Uint8Array(256);
  private view = new DataView(this.buf.buffer);
  private pos = 0;

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }
  u8(v: number): void {
    this.ensure(1);
    this.view.setUint8(this.pos, v);
    this.pos += 1;
  }
  u16(v: number): void {
    this.ensure(2);
    this.view.setUint16(this.pos, v);
    this.pos += 2;
  }
  u32(v: number): void {
    this.ensure(4);
    this.view.setUint32(this.pos, v);
    this.pos += 4;
  }
  i8(v: number): void {
    this.ensure(1);
    this.view.setInt8(this.pos, v);
    this.pos += 1;
  }
  i16(v: number): void {
    this.ensure(2);
    this.view.setInt16(this.pos, v);
    this.pos += 2;
  }
  i32(v: number): void {
    this.ensure(4);
    this.view.setInt32(this.pos, v);
    this.pos += 4;
  }
  i64(v: bigint): void {
    this.ensure(8);
    this.view.setBigInt64(this.pos, v);
    this.pos += 8;
  }
  u64(v: bigint): void {
    this.ensure(8);
    this.view.setBigUint64(this.pos, v);
    this.pos += 8;
  }
  f64(v: number): void {
    this.ensure(8);
    this.view.setFloat64(this.pos, v);
    this.pos += 8;
  }
  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }
  result(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}

/** Writes a type byte followed by a big-endian unsigned value of `size` bytes. */
function writeHead(w: Writer, code: number, size: 0 | 1 | 2 | 4, n: number): void {
  w.u8(code);
  if (size === 1) w.u8(n);
  else if (size === 2) w.u16(n);
  else if (size === 4) w.u32(n);
}

function writeInt(w: Writer, n: bigint): void {
  if (n >= 0n) {
    if (n < 128n) w.u8(Number(n));
    else if (n < 0x100n) writeHead(w, 0xcc, 1, Number(n));
    else if (n < 0x10000n) writeHead(w, 0xcd, 2, Number(n));
    else if (n < 0x100000000n) writeHead(w, 0xce, 4, Number(n));
    else if (n < 0x10000000000000000n) {
      w.u8(0xcf);
      w.u64(n);
    } else throw new RangeError(`msgpack: integer ${n} does not fit in 64 bits`);
    return;
  }
  if (n >= -32n) w.i8(Number(n));
  else if (n >= -0x80n) {
    w.u8(0xd0);
    w.i8(Number(n));
  } else if (n >= -0x8000n) {
    w.u8(0xd1);
    w.i16(Number(n));
  } else if (n >= -0x80000000n) {
    w.u8(0xd2);
    w.i32(Number(n));
  } else if (n >= -0x8000000000000000n) {
    w.u8(0xd3);
    w.i64(n);
  } else throw new RangeError(`msgpack: integer ${n} does not fit in 64 bits`);
}

/** A length header: fix form when it fits, else the 8/16/32-bit form (`c8` undefined: no 8-bit form). */
function writeLength(
  w: Writer,
  n: number,
  fix: number | undefined,
  fixMax: number,
  c8: number | undefined,
  c16: number,
  c32: number,
): void {
  if (fix !== undefined && n <= fixMax) w.u8(fix | n);
  else if (c8 !== undefined && n < 0x100) writeHead(w, c8, 1, n);
  else if (n < 0x10000) writeHead(w, c16, 2, n);
  else writeHead(w, c32, 4, n);
}

function writeFloat(w: Writer, x: number): void {
  w.u8(0xcb);
  w.f64(x);
}

function write(w: Writer, v: MsgValue): void {
  if (v === null) w.u8(0xc0);
  else if (v === false) w.u8(0xc2);
  else if (v === true) w.u8(0xc3);
  else if (typeof v === "bigint") writeInt(w, v);
  else if (typeof v === "number") {
    if (Number.isSafeInteger(v) && !Object.is(v, -0)) writeInt(w, BigInt(v));
    else writeFloat(w, v);
  } else if (typeof v === "string") {
    const b = textEncoder.encode(v);
    writeLength(w, b.length, 0xa0, 31, 0xd9, 0xda, 0xdb);
    w.bytes(b);
  } else if (v instanceof MsgFloat) writeFloat(w, v.value);
  else if (v instanceof Uint8Array) {
    writeLength(w, v.length, undefined, 0, 0xc4, 0xc5, 0xc6);
    w.bytes(v);
  } else if (Array.isArray(v)) {
    const items = v as readonly MsgValue[];
    writeLength(w, items.length, 0x90, 15, undefined, 0xdc, 0xdd);
    for (const item of items) write(w, item);
  } else {
    const entries = Object.entries(v as { readonly [key: string]: MsgValue });
    writeLength(w, entries.length, 0x80, 15, undefined, 0xde, 0xdf);
    for (const [k, item] of entries) {
      write(w, k);
      write(w, item);
    }
  }
}

/** Encodes a value as msgpack (the encoding flytekit uses for dataclasses and dicts in Binary literals). */
export function encodeMsgpack(value: MsgValue): Uint8Array {
  const w = new Writer();
  write(w, value);
  return w.result();
}

/** A decoded msgpack value: maps become plain objects (keys stringified). */
export type DecodedMsg =
  null | boolean | number | bigint | string | Uint8Array | DecodedMsg[] | { [key: string]: DecodedMsg };

class Reader {
  pos = 0;
  private readonly view: DataView;
  constructor(private readonly buf: Uint8Array) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  need(n: number): void {
    if (this.pos + n > this.buf.length) throw new RangeError("msgpack: unexpected end of data");
  }
  take<T>(n: number, f: (at: number) => T): T {
    this.need(n);
    const v = f(this.pos);
    this.pos += n;
    return v;
  }
  u8 = (): number => this.take(1, (p) => this.view.getUint8(p));
  u16 = (): number => this.take(2, (p) => this.view.getUint16(p));
  u32 = (): number => this.take(4, (p) => this.view.getUint32(p));
  bytes = (n: number): Uint8Array => this.take(n, (p) => this.buf.slice(p, p + n));
  int(bytes: 1 | 2 | 4 | 8, signed: boolean): number | bigint {
    return this.take(bytes, (p) => {
      const v = this.view;
      switch (bytes) {
        case 1:
          return signed ? v.getInt8(p) : v.getUint8(p);
        case 2:
          return signed ? v.getInt16(p) : v.getUint16(p);
        case 4:
          return signed ? v.getInt32(p) : v.getUint32(p);
        case 8: {
          const big = signed ? v.getBigInt64(p) : v.getBigUint64(p);
          const n = Number(big);
          return Number.isSafeInteger(n) ? n : big;
        }
      }
    });
  }
  float(bytes: 4 | 8): number {
    return this.take(bytes, (p) => (bytes === 4 ? this.view.getFloat32(p) : this.view.getFloat64(p)));
  }
}

function readArray(r: Reader, n: number): DecodedMsg[] {
  const out: DecodedMsg[] = [];
  for (let i = 0; i < n; i++) out.push(read(r));
  return out;
}
function readMap(r: Reader, n: number): { [key: string]: DecodedMsg } {
  const out: { [key: string]: DecodedMsg } = {};
  for (let i = 0; i < n; i++) {
    const k = read(r);
    out[
      typeof k === "string" ? k : JSON.stringify(k, (_key, x: unknown) => (typeof x === "bigint" ? x.toString() : x))
    ] = read(r);
  }
  return out;
}
const str = (r: Reader, n: number): string => textDecoder.decode(r.bytes(n));

function read(r: Reader): DecodedMsg {
  const b = r.u8();
  if (b <= 0x7f) return b;
  if (b >= 0xe0) return b - 0x100;
  if (b >= 0x80 && b <= 0x8f) return readMap(r, b & 0x0f);
  if (b >= 0x90 && b <= 0x9f) return readArray(r, b & 0x0f);
  if (b >= 0xa0 && b <= 0xbf) return str(r, b & 0x1f);
  switch (b) {
    case 0xc0:
      return null;
    case 0xc2:
      return false;
    case 0xc3:
      return true;
    case 0xc4:
      return r.bytes(r.u8());
    case 0xc5:
      return r.bytes(r.u16());
    case 0xc6:
      return r.bytes(r.u32());
    case 0xca:
      return r.float(4);
    case 0xcb:
      return r.float(8);
    case 0xcc:
      return r.int(1, false);
    case 0xcd:
      return r.int(2, false);
    case 0xce:
      return r.int(4, false);
    case 0xcf:
      return r.int(8, false);
    case 0xd0:
      return r.int(1, true);
    case 0xd1:
      return r.int(2, true);
    case 0xd2:
      return r.int(4, true);
    case 0xd3:
      return r.int(8, true);
    case 0xd9:
      return str(r, r.u8());
    case 0xda:
      return str(r, r.u16());
    case 0xdb:
      return str(r, r.u32());
    case 0xdc:
      return readArray(r, r.u16());
    case 0xdd:
      return readArray(r, r.u32());
    case 0xde:
      return readMap(r, r.u16());
    case 0xdf:
      return readMap(r, r.u32());
    default:
      throw new RangeError(`msgpack: unsupported type byte 0x${b.toString(16)}`);
  }
}

/** Decodes msgpack bytes; trailing bytes are an error. */
export function decodeMsgpack(bytes: Uint8Array): DecodedMsg {
  const r = new Reader(bytes);
  const v = read(r);
  if (r.pos !== bytes.length) throw new RangeError(`msgpack: ${bytes.length - r.pos} trailing bytes`);
  return v;
}
