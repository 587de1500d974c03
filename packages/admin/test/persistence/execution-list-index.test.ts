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
import { executionToRow } from "../../src/persistence/repositories/execution-rows.js";
import { execId, execution, id, T0 } from "./contract/fixtures.js";

const TOTAL = 100_000;
const PHASES = ["QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "ABORTED"];
const PROJECTS = ["flytesnacks", "ml", "etl"];
const scope = { project: "flytesnacks", domain: "development" };

/** SQLite's plan for one ListExecutions page, one line per plan step. */
async function planOf(database: Database, options: ListOptions): Promise<string[]> {
  const compiled = executionListQuery(database.db, scope, options).query.compile();
  const result = await database.db.executeQuery<{ detail: string }>(
    CompiledQuery.raw(`explain query plan ${compiled.sql}`, [...compiled.parameters]),
  );
  return result.rows.map((r) => r.detail);
}

describe(`ListExecutions over ${TOTAL.toLocaleString("en")} stored executions (SQLite)`, () => {
  const dir = mkdtempSync(join(tmpdir(), "flyte-exec-index-"));
  let database: Database;

  beforeAll(async () => {
    database = await openDatabase({ dialect: "sqlite", dataDir: dir });
    const chunk = 500;
    await database.db.transaction().execute(async (trx) => {
      for (let start = 0; start < TOTAL; start += chunk) {
        const rows = [];
        for (let i = start; i < Math.min(TOTAL, start + chunk); i++) {
          rows.push(
            executionToRow(
              execution({
                id: execId(`e${i}`, PROJECTS[i % PROJECTS.length], i % 7 === 0 ? "production" : "development"),
                phase: PHASES[i % PHASES.length] ?? "QUEUED",
                launchPlanId: id(`lp.${i % 50}`),
                workflowId: id(`wf.${i % 40}`),
                createdAt: T0 + i * 1000,
                state: i % 100 === 0 ? 1 : 0,
              }),
            ),
          );
        }
        await trx.insertInto("executions").values(rows).execute();
      }
    });
  }, 120_000);

  afterAll(async () => {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const pages: [string, ListOptions][] = [
    ["the default page (newest first)", { limit: 20 }],
    ["a phase filter", { filters: "eq(phase,SUCCEEDED)", limit: 20 }],
    ["a launch plan filter", { filters: "eq(launch_plan.name,lp.7)", limit: 20 }],
    ["a workflow filter", { filters: "eq(workflow.name,wf.3)", limit: 20 }],
    [
      "a created_at range",
      { filters: `gte(created_at,${T0 + 50_000_000})+lt(created_at,${T0 + 60_000_000})`, limit: 20 },
    ],
    [
      "a phase filter, oldest first, second page",
      { filters: "eq(phase,FAILED)", limit: 20, token: "20", sortBy: { key: "created_at", direction: "ASCENDING" } },
    ],
  ];
  for (const [what, options] of pages) {
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
