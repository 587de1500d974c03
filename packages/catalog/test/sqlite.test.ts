import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe } from "vitest";
import { catalogContract } from "./catalog-contract.js";

const root = mkdtempSync(join(tmpdir(), "flyte-catalog-sqlite-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("catalog contract: SQLite (a real file per test)", () => {
  let n = 0;
  catalogContract({
    name: "SQLite",
    database: () => Promise.resolve({ dialect: "sqlite", dataDir: join(root, `db-${++n}`) }),
  });
});
