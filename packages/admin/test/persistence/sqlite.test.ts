import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe } from "vitest";
import { repositoryContract } from "./repository-contract.js";

describe("repository contract: SQLite (a real file per test in a temp dir)", () => {
  const root = mkdtempSync(join(tmpdir(), "flyte-sqlite-contract-"));
  let n = 0;
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  repositoryContract({
    dialect: "sqlite",
    freshDatabase: () => Promise.resolve({ dialect: "sqlite", dataDir: join(root, `db-${++n}`) }),
  });
});
