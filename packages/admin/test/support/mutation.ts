/** mulberry32: a small seeded generator, so a failure reproduces from its seed. */
export function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Flips, deletes or inserts a few random bytes. */
export function mutate(bytes: Uint8Array, next: () => number): Uint8Array {
  const out = [...bytes];
  const edits = 1 + Math.floor(next() * 4);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(next() * Math.max(out.length, 1));
    const kind = next();
    if (kind < 0.5 && out.length > 0) out[at] = Math.floor(next() * 256);
    else if (kind < 0.75) out.splice(at, 1);
    else out.splice(at, 0, Math.floor(next() * 256));
  }
  return new Uint8Array(out);
}
