/** Levenshtein distance between two strings (case-insensitive), for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      row.push(Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost));
    }
    prev = row;
  }
  return prev[y.length] ?? 0;
}

/**
 * The candidates closest to `name`, best first: those within a third of the name's length (at
 * least 2 edits), or containing it / contained in it.
 */
export function closestNames(name: string, candidates: readonly string[], limit = 3): string[] {
  const lower = name.toLowerCase();
  const scored = candidates
    .map((c) => {
      const d = editDistance(name, c);
      const contains = c.toLowerCase().includes(lower) || lower.includes(c.toLowerCase());
      return { c, d: contains ? Math.min(d, 1) : d };
    })
    .filter(({ d }) => d <= Math.max(2, Math.floor(name.length / 3)))
    .sort((p, q) => p.d - q.d || p.c.localeCompare(q.c));
  return scored.slice(0, limit).map(({ c }) => c);
}
