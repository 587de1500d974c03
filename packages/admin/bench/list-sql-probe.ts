/**
 * Probe (not part of `npm run bench:api`): seeds executions like the API bench server and prints
 * each ListExecutions page query's SQLite plan and time, to tell database time from the rest.
 * `node --import tsx packages/admin/bench/list-sql-probe.ts [N]`
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CompiledQuery, sql } from "kysely";
import { openDatabase } from "../src/index.js";
import { executionListQuery } from "../src/persistence/repositories/execution-repository.js";
import { SEED_T0 } from "./api-bench-setup.js";

const N = Number(process.argv[2] ?? "100000");
const dir = mkdtempSync(join(tmpdir(), "flyte-list-probe-"));
const database = await openDatabase({ dialect: "sqlite", dataDir: dir });
const db = database.db;
const i = sql.ref("seq.i");
const phase = sql`case ${i} % 5 when 0 then 'QUEUED' when 1 then 'RUNNING' when 2 then 'SUCCEEDED' when 3 then 'FAILED' else 'ABORTED' end`;
await sql`
  with recursive seq(i) as (select 0 union all select i + 1 from seq where i < ${sql.lit(N - 1)})
  insert into executions (project, domain, name, phase, launch_plan_project, launch_plan_domain,
    launch_plan_name, launch_plan_version, workflow_project, workflow_domain, workflow_name,
    workflow_version, created_at, updated_at, state, spec, closure, task_name, mode, principal, cluster,
    error_kind, error_code, inputs_uri, user_inputs_uri)
  select 'flytesnacks', 'development', 's' || ${i}, ${phase}, 'flytesnacks', 'development',
    'lp.' || (${i} % 10), 'v1', 'flytesnacks', 'development', 'wf', 'v1',
    cast(${sql.lit(SEED_T0)} as bigint) + ${i} * 1000, cast(${sql.lit(SEED_T0)} as bigint) + ${i} * 1000,
    0, randomblob(300), randomblob(500), '', 0, 'flyte', '', '', '', 'file:///x', 'file:///y'
  from seq`.execute(db);
const at = new Date(SEED_T0 + 37 * 1000 * 1000).toISOString();
const end = new Date(SEED_T0 + 37 * 1000 * 1000 + N * 100).toISOString();
const pages = [
  `eq(phase,SUCCEEDED)+gte(created_at,${at})`,
  `eq(launch_plan.name,lp.3)`,
  ``,
  `gte(created_at,${at})+lt(created_at,${end})`,
];
const scope = { project: "flytesnacks", domain: "development" };
for (const filters of pages) {
  const { query } = executionListQuery(db, scope, { filters, limit: 100, sortBy: { key: "created_at" } });
  const c = query.compile();
  const plan = await db.executeQuery(CompiledQuery.raw(`explain query plan ${c.sql}`, [...c.parameters]));
  console.log(JSON.stringify(plan.rows.map((r) => (r as { detail: string }).detail)));
  const t0 = performance.now();
  for (let k = 0; k < 50; k++) await query.execute();
  console.log(`${((performance.now() - t0) / 50).toFixed(2)} ms  ${filters || "(none)"}\n  ${c.sql}`);
}
await database.close();
rmSync(dir, { recursive: true, force: true });
