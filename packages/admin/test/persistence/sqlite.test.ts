import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import type { MigrationReport } from "../../src/persistence/migrations/migrator.js";
import { MIGRATIONS } from "../../src/persistence/migrations/migration-list.js";
import { repositoryContract } from "./repository-contract.js";

const root = mkdtempSync(join(tmpdir(), "flyte-sqlite-contract-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("repository contract: SQLite (a real file per test in a temp dir)", () => {
  let n = 0;
  repositoryContract({
    dialect: "sqlite",
    freshDatabase: () => Promise.resolve({ dialect: "sqlite", dataDir: join(root, `db-${++n}`) }),
  });
});

/** The built module, so a plain `node` child process can open a database. */
const BUILT_DATABASE = fileURLToPath(new URL("../../dist/persistence/database.js", import.meta.url));

/** Opens (and so migrates) the database in `dataDir` in a child process; resolves to its report. */
function openInChild(dataDir: string): Promise<MigrationReport> {
  const script = `
    const { openDatabase } = await import(${JSON.stringify(BUILT_DATABASE)});
    const db = await openDatabase({ dialect: "sqlite", dataDir: ${JSON.stringify(dataDir)} });
    process.stdout.write(JSON.stringify(db.migrations));
    await db.close();`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve(JSON.parse(out) as MigrationReport);
      else reject(new Error(`child exited with ${code}: ${err}`));
    });
  });
}

describe("SQLite specifics", () => {
  it("processes starting at once on an empty data dir migrate it exactly once", async () => {
    expect(existsSync(BUILT_DATABASE), `${BUILT_DATABASE} is missing: build first (npx tsc -b packages/admin)`).toBe(
      true,
    );
    const dataDir = join(root, "shared-by-processes");
    const reports = await Promise.all([1, 2, 3, 4].map(() => openInChild(dataDir)));
    expect(reports.flatMap((r) => r.applied).sort()).toEqual(MIGRATIONS.map((m) => m.version));
    for (const r of reports) expect(r.current).toBe(MIGRATIONS.length);
  });
});
