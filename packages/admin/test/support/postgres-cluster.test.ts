import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startPostgresCluster } from "./postgres-cluster.js";

describe("startPostgresCluster", () => {
  it("says why when PostgreSQL cannot be started, instead of throwing", async () => {
    const empty = mkdtempSync(join(tmpdir(), "no-postgres-"));
    try {
      const result = await startPostgresCluster({ binDir: empty });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reason).toMatch(/initdb failed/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
