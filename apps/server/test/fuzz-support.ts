import { create, toBinary, ScalarType, type DescField, type DescMessage, type Message } from "@bufbuild/protobuf";

export { mutate, rng } from "../../../packages/admin/test/support/mutation.js";

/**
 * Strings a fuzzed field takes: names that exist (so requests get past the first lookup), empty,
 * too long, path tricks, filter syntax, unicode and control characters.
 */
export interface Vocabulary {
  strings: readonly string[];
}

/**
 * A random message of `schema`: every field set or not at random, values from the vocabulary or
 * random, enums sometimes out of range, lists and maps of a few entries, nesting bounded.
 */
export function randomMessage<D extends DescMessage>(
  schema: D,
  next: () => number,
  vocabulary: Vocabulary,
  depth = 0,
): Message {
  const message = create(schema) as unknown as Record<string, unknown>;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
  const seenOneofs = new Set<string>();
  for (const field of schema.fields) {
    if (next() < (depth === 0 ? 0.25 : 0.5)) continue;
    if (field.oneof) {
      if (seenOneofs.has(field.oneof.localName)) continue;
      seenOneofs.add(field.oneof.localName);
      const chosen = pick(field.oneof.fields);
      const value = single(chosen, next, vocabulary, depth, pick);
      if (value !== undefined) message[chosen.oneof!.localName] = { case: chosen.localName, value };
      continue;
    }
    switch (field.fieldKind) {
      case "list": {
        const n = Math.floor(next() * 4);
        const items: unknown[] = [];
        for (let i = 0; i < n; i++) {
          const v = element(field, next, vocabulary, depth, pick);
          if (v !== undefined) items.push(v);
        }
        message[field.localName] = items;
        break;
      }
      case "map": {
        const n = Math.floor(next() * 3);
        const out: Record<string, unknown> = {};
        for (let i = 0; i < n; i++) {
          const key = field.mapKey === ScalarType.STRING ? pick(vocabulary.strings) : String(Math.floor(next() * 10));
          const v = mapValue(field, next, vocabulary, depth, pick);
          if (v !== undefined) out[key] = v;
        }
        message[field.localName] = out;
        break;
      }
      case "scalar":
      case "enum":
      case "message": {
        const v = single(field, next, vocabulary, depth, pick);
        if (v !== undefined) message[field.localName] = v;
        break;
      }
    }
  }
  return message as unknown as Message;
}

type Pick = <T>(xs: readonly T[]) => T;

function single(f: DescField, next: () => number, voc: Vocabulary, depth: number, pick: Pick): unknown {
  switch (f.fieldKind) {
    case "scalar":
      return scalar(f.scalar, next, voc, pick);
    case "enum":
      return next() < 0.1 ? 1000 + Math.floor(next() * 100) : pick(f.enum.values).number;
    case "message":
      return depth >= 6 ? undefined : randomMessage(f.message, next, voc, depth + 1);
    case "list":
    case "map":
      return undefined;
  }
}

function element(f: DescField & { fieldKind: "list" }, next: () => number, voc: Vocabulary, depth: number, pick: Pick) {
  switch (f.listKind) {
    case "scalar":
      return scalar(f.scalar, next, voc, pick);
    case "enum":
      return pick(f.enum.values).number;
    case "message":
      return depth >= 5 ? undefined : randomMessage(f.message, next, voc, depth + 1);
  }
}

function mapValue(f: DescField & { fieldKind: "map" }, next: () => number, voc: Vocabulary, depth: number, pick: Pick) {
  switch (f.mapKind) {
    case "scalar":
      return scalar(f.scalar, next, voc, pick);
    case "enum":
      return pick(f.enum.values).number;
    case "message":
      return depth >= 5 ? undefined : randomMessage(f.message, next, voc, depth + 1);
  }
}

function scalar(t: ScalarType, next: () => number, voc: Vocabulary, pick: Pick): unknown {
  switch (t) {
    case ScalarType.STRING:
      return pick(voc.strings);
    case ScalarType.BOOL:
      return next() < 0.5;
    case ScalarType.BYTES:
      return new Uint8Array(Array.from({ length: Math.floor(next() * 16) }, () => Math.floor(next() * 256)));
    case ScalarType.DOUBLE:
    case ScalarType.FLOAT:
      return pick([0, -1, 1.5, 1e308, Number.NaN, Number.POSITIVE_INFINITY]);
    case ScalarType.INT64:
    case ScalarType.SINT64:
    case ScalarType.SFIXED64:
      return pick([0n, 1n, -1n, 100n, 9223372036854775807n, -9223372036854775808n]);
    case ScalarType.UINT64:
    case ScalarType.FIXED64:
      return pick([0n, 1n, 100n, 18446744073709551615n]);
    case ScalarType.INT32:
    case ScalarType.SINT32:
    case ScalarType.SFIXED32:
      return pick([0, 1, -1, 10, 100, 2147483647, -2147483648]);
    case ScalarType.UINT32:
    case ScalarType.FIXED32:
      return pick([0, 1, 10, 100, 4294967295]);
  }
}

/** Binary encoding of a random message, for the wire. */
export function randomRequestBytes(schema: DescMessage, next: () => number, voc: Vocabulary): Uint8Array {
  return toBinary(schema, randomMessage(schema, next, voc) as never);
}
