import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { SystemError } from "@flyte-ts/core";

/**
 * The data proxy's signing secret kept in `path` (created with 32 random bytes, mode 0600, on first
 * use), so signed URLs survive a restart of the server that owns the data directory.
 */
export function loadDataProxySecret(path: string): string {
  const existing = readIfExists(path);
  if (existing !== undefined) return existing;
  mkdirSync(dirname(path), { recursive: true });
  try {
    writeFileSync(path, `${randomBytes(32).toString("hex")}\n`, { flag: "wx", mode: 0o600 });
  } catch (e) {
    // Another process created it first: use theirs.
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
  }
  const created = readIfExists(path);
  if (created === undefined) throw new SystemError("DataProxySecret", `could not create the data proxy secret ${path}`);
  return created;
}

function readIfExists(path: string): string | undefined {
  try {
    const text = readFileSync(path, "utf8").trim();
    if (text.length < 32)
      throw new SystemError(
        "DataProxySecret",
        `the data proxy secret ${path} is too short; delete it to make a new one`,
      );
    return text;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
}
