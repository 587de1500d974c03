import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CompiledQuery } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/persistence/database.js";
import type { ListOptions } from "../../src/persistence/filters/list-query.js";
import {
  executionListQuery,
  KyselyExecutionRepository,
} from "../../src/persistence/repositories/execution-repository.js";
import { LIST_PAGES, LIST_SCOPE, LIST_TOTAL, seedExecutions } from "./execution-list-fixtures.js";

const scope = LIST_SCOPE;

/** SQLite's plan for one ListExecutions page, one line per plan step. */
async function planOf(database: Database, options: ListOptions): Promise<string[]> {
  const compiled = executionListQuery(database.db, scope, options).query.compile();
  const result = await database.db.executeQuery<{ detail: string }>(
    CompiledQuery.raw(`explain query plan ${compiled.sql}`, [...compiled.parameters]),
  );
  return result.rows.map((r) => r.detail);
}

describe(`ListExecutions over ${LIST_TOTAL.toLocaleString("en")} stored executions (SQLite)`, () => {
  const dir = mkdtempSync(join(tmpdir(), "flyte-exec-index-"));
  let database: Database;

  beforeAll(async () => {
    database = await openDatabase({ dialect: "sqlite", dataDir: dir });
    await seedExecutions(database.db);
  }, 120_000);

  afterAll(async () => {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const [what, options] of LIST_PAGES) {
    it(`${what} is an index range read, never a full scan or a sort of all rows`, async () => {
      const plan = await planOf(database, options);
      expect(plan.join("\n")).toMatch(/SEARCH executions USING (COVERING )?INDEX executions_\w+_idx/);
      for (const step of plan) {
        expect(step).not.toMatch(/^SCAN executions/);
        expect(step).not.toMatch(/TEMP B-TREE/);
      }
    });
  }

  it("returns the right page", async () => {
    const repo = new KyselyExecutionRepository({ db: database.db });
    const page = await repo.list(scope, { filters: "eq(phase,SUCCEEDED)+eq(launch_plan.name,lp.2)", limit: 5 });
    expect(page.items).toHaveLength(5);
    for (const e of page.items) expect(e).toMatchObject({ phase: "SUCCEEDED", state: 0, id: scope });
    const times = page.items.map((e) => e.createdAt);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(page.token).toBe("5");
  });
});
