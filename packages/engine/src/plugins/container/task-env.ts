/** Replaces each container path (as a whole path prefix) with its local directory. */
export function rewritePaths(s: string, pairs: readonly (readonly [string, string])[]): string {
  let out = s;
  for (const [from, to] of pairs) {
    const base = from.replace(/\/+$/, "");
    if (base === "") continue;
    const re = new RegExp(`${base.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?=$|[/\\s'"\`;:,)|&<>])`, "g");
    out = out.replace(re, () => to);
  }
  return out;
}
