/**
 * Node-execution ids of nested nodes, as the engine and Flyte compute them (brief §4.11):
 * `parts(parentUniqueId, parentAttempt, nodeId)` joined with `-`, and when longer than 20
 * bytes, `"f"` + base32 (Flyte's alphabet) of its FNV-32a hash. Kept here (a copy of the
 * storage package's helper) because the console cannot import Node-side packages.
 */

const encoder = new TextEncoder();
const ALPHABET = "abcdefghijklmnopqrstuvwxyz123456";
const NODE_ID_MAX_LENGTH = 20;

function fnv32a(input: string): number {
  let hash = 0x811c9dc5;
  for (const byte of encoder.encode(input)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function base32(bytes: readonly number[]): string {
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += ALPHABET[(buffer >>> bits) & 31];
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

/** The node-execution id of node `nodeId` nested in the node `parentUniqueId` (attempt `parentAttempt`). */
export function childNodeUniqueId(parentUniqueId: string, parentAttempt: number, nodeId: string): string {
  const joined = [parentUniqueId, String(parentAttempt), nodeId].filter((p, i) => i > 0 || p !== "").join("-");
  if (encoder.encode(joined).byteLength <= NODE_ID_MAX_LENGTH) return joined;
  const h = fnv32a(joined);
  return `f${base32([h >>> 24, (h >>> 16) & 0xff, (h >>> 8) & 0xff, h & 0xff])}`;
}
