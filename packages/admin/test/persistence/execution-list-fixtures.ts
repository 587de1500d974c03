import type { ListOptions } from "../../src/persistence/filters/list-query.js";
import { executionToRow } from "../../src/persistence/repositories/execution-rows.js";
import type { Db } from "../../src/persistence/transaction.js";
import { execId, execution, id, T0 } from "./contract/fixtures.js";

export const LIST_TOTAL = 100_000;
export const LIST_SCOPE = { project: "flytesnacks", domain: "development" };
const PHASES = ["QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "ABORTED"];
const PROJECTS = ["flytesnacks", "ml", "etl"];

/**
 * Inserts `total` executions in one transaction: three projects, two domains, five phases,
 * 50 launch plans, 40 workflows, 1% archived, one second apart.
 */
export async function seedExecutions(db: Db, total = LIST_TOTAL, chunk = 500): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (let start = 0; start < total; start += chunk) {
      const rows = [];
      for (let i = start; i < Math.min(total, start + chunk); i++) {
        const e = execution({
          id: execId(`e${i}`, PROJECTS[i % PROJECTS.length], i % 7 === 0 ? "production" : "development"),
          phase: PHASES[i % PHASES.length] ?? "QUEUED",
          launchPlanId: id(`lp.${i % 50}`),
          workflowId: id(`wf.${i % 40}`),
          createdAt: T0 + i * 1000,
          state: i % 100 === 0 ? 1 : 0,
        });
        rows.push(executionToRow(e));
      }
      await trx.insertInto("executions").values(rows).execute();
    }
  });
}

/** The ListExecutions pages the API serves most (console list, filters by phase/LP/workflow/time). */
export const LIST_PAGES: [what: string, options: ListOptions][] = [
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
