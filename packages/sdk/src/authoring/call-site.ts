/**
 * Where the user's code defined an entity, e.g. `examples/basic.ts:12`, for error messages
 * before the entity has a name. Frames inside the SDK are skipped.
 */
export function callSite(): string {
  const stack = new Error().stack ?? "";
  for (const line of stack.split("\n").slice(1)) {
    if (/[/\\]sdk[/\\](src|dist)[/\\]/.test(line) || line.includes("node:internal")) continue;
    const m = /\(?((?:file:\/\/)?[^()\s]+):(\d+):\d+\)?\s*$/.exec(line.trim());
    if (m?.[1]) {
      const file = m[1].replace(/^file:\/\//, "");
      const parts = file.split(/[/\\]/);
      return `${parts.slice(-2).join("/")}:${m[2]}`;
    }
  }
  return "<unknown location>";
}
