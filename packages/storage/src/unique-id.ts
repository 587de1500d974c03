import { InvalidArgumentError } from "@flyte-ts/core";

/**
 * Flyte's short deterministic ids (flytestdlib `encoding`): pod names, raw-output sandboxes,
 * node unique ids. These must match Flyte byte for byte, so they follow its Go code exactly.
 */

const encoder = new TextEncoder();

/** FNV-1a, 32 bit, over the UTF-8 bytes of `input` (Go's `hash/fnv.New32a`). */
export function fnv32a(input: string | Uint8Array): number {
  const bytes = typeof input === "string" ? encoder.encode(input) : input;
  let hash = 0x811c9dc5;
  for (const byte of bytes) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Flyte's base32 alphabet: RFC 4648 order, but lower case and digits 1–6. */
export const FLYTE_BASE32_ALPHABET = "abcdefghijklmnopqrstuvwxyz123456";

/** Base32 without padding in Flyte's alphabet (Go's `base32.NewEncoding(key).WithPadding(NoPadding)`). */
export function flyteBase32(bytes: Uint8Array): string {
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += FLYTE_BASE32_ALPHABET[(buffer >>> bits) & 31];
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += FLYTE_BASE32_ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

function utf8Length(s: string): number {
  return encoder.encode(s).byteLength;
}

/**
 * `FixedLengthUniqueID`: `id` itself when it fits in `maxLength` bytes, else `"f"` + base32 of its
 * big-endian FNV-32a hash (8 characters). Throws when even that does not fit (`maxLength` < 8).
 */
export function fixedLengthUniqueIdOf(id: string, maxLength: number): string {
  if (utf8Length(id) <= maxLength) return id;
  const hash = fnv32a(id);
  const bytes = new Uint8Array([hash >>> 24, (hash >>> 16) & 0xff, (hash >>> 8) & 0xff, hash & 0xff]);
  const hashed = `f${flyteBase32(bytes)}`;
  if (hashed.length > maxLength) {
    throw new InvalidArgumentError(
      `maximum length ${maxLength} is too small for a hashed unique id (8 characters) of "${id}"`,
      {
        code: "UniqueIdTooShort",
        details: { id, maxLength: String(maxLength) },
      },
    );
  }
  return hashed;
}

/**
 * `FixedLengthUniqueIDForParts`: joins `parts` with `-` and shortens as `fixedLengthUniqueIdOf`.
 * Like Flyte, a `-` goes before every part after the first once the result is non-empty: leading
 * empty parts vanish, later empty parts leave a doubled `-` (`["a", "", "b"]` → `a--b`).
 */
export function fixedLengthUniqueId(maxLength: number, parts: readonly string[]): string {
  let joined = "";
  parts.forEach((part, i) => {
    if (i > 0 && joined.length > 0) joined += "-";
    joined += part;
  });
  return fixedLengthUniqueIdOf(joined, maxLength);
}

/** Max length of task "generated names" (pod names) and raw-output sandbox ids. */
export const GENERATED_NAME_MAX_LENGTH = 50;
/** Max length of node unique ids and child launch-plan execution names. */
export const NODE_ID_MAX_LENGTH = 20;

/** A nested node's unique id (event version ≥ 1): parts(parentUniqueId, parentAttempt, nodeId), max 20. */
export function childNodeUniqueId(parentUniqueId: string, parentAttempt: number, nodeId: string): string {
  return fixedLengthUniqueId(NODE_ID_MAX_LENGTH, [parentUniqueId, String(parentAttempt), nodeId]);
}

/** A task attempt's generated name (pod name, raw sandbox id): parts(execName, nodeUniqueId, attempt), max 50. */
export function taskGeneratedName(
  executionName: string,
  nodeUniqueId: string,
  attempt: number,
  maxLength = GENERATED_NAME_MAX_LENGTH,
): string {
  return fixedLengthUniqueId(maxLength, [executionName, nodeUniqueId, String(attempt)]);
}

/** The 36×36 two-character shard prefixes `aa`, `ab`, …, `99`, in Flyte's order (letters, then digits). */
export const SHARD_PREFIXES: readonly string[] = (() => {
  const chars = "abcdefghijklmnopqrstuvwxyz0123456789";
  const out: string[] = [];
  for (const c1 of chars) for (const c2 of chars) out.push(c1 + c2);
  return out;
})();

/** Flyte's `PrecomputedShardSelector`: the shard prefix for `id` is `SHARD_PREFIXES[fnv32a(id) % 1296]`. */
export function shardPrefix(id: string): string {
  return SHARD_PREFIXES[fnv32a(id) % SHARD_PREFIXES.length] ?? "aa";
}
