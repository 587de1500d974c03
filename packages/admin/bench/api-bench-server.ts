/**
 * The control plane under `npm run bench:api`, in its own process: AdminService on a loopback port
 * over SQLite (a temp file) or PostgreSQL (`--postgres URL`), with a launcher that accepts every
 * execution and runs nothing (the bench measures the API and its database, not the engine).
 * Registers a one-task workflow, creates one execution through the API and copies its stored row
 * `--seed` times inside the database, then prints one JSON line `{"url": ...}` and serves until
 * stdin closes; every line it reads on stdin is answered with the process's CPU time so far.
 */
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { sql } from "kysely";
import { literalMap, literals } from "@flyte-ts/idl";
import { ResourceType } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import { AdminService } from "@flyte-ts/idl/gen/flyteidl/service/admin_pb";
import { buildPackage, t, task, workflow } from "@flyte-ts/sdk";
import { FileStore } from "@flyte-ts/storage";
import {
  createAdminManagers,
  createAdminServices,
  createExecutionServices,
  createRepositories,
  openDatabase,
  startRpcServer,
  withTransaction,
  type Repositories,
} from "../src/index.js";
import { BENCH_LP, BENCH_PD, BENCH_VERSION, SEED_T0 } from "./api-bench-setup.js";

const addOne = task({ name: "bench.api.add", inputs: { x: t.int }, outputs: t.int }, ({ x }) => x + 1);
const addOneWf = workflow({ name: BENCH_LP, inputs: { x: t.int }, outputs: t.int }, ({ x }) => addOne({ x }));

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const seed = Number(arg("--seed") ?? "100000");
  const pgUrl = arg("--postgres");
  const dir = mkdtempSync(join(tmpdir(), "flyte-bench-api-"));
  const database = pgUrl
    ? await openDatabase({ dialect: "postgres", url: pgUrl })
    : await openDatabase({ dialect: "sqlite", dataDir: dir });
  const repositories = createRepositories(database.db);
  const transaction = <T>(fn: (r: Repositories) => Promise<T>) => withTransaction(database.db, fn);
  const managers = createAdminManagers({ repositories, transaction });
  const root = pathToFileURL(join(dir, "blobs")).href;
  const executions = createExecutionServices({
    repositories,
    transaction,
    managers,
    blobs: new FileStore({ root }),
    storagePrefix: root,
    launcher: { launch: () => Promise.resolve(), abort: () => Promise.resolve() },
  });
  const services = await createAdminServices({ repositories, transaction, managers, extraAdminRpcs: executions.impl });
  const server = await startRpcServer({ host: "127.0.0.1", port: 0, services });
  const client = createClient(AdminService, createGrpcTransport({ baseUrl: server.url }));

  const pkg = await buildPackage([{ modulePath: "bench/api-bench-server.ts", exports: { addOne, addOneWf } }]);
  const fill = (id: { project: string; domain: string; version: string } | undefined) => {
    if (id) Object.assign(id, { ...BENCH_PD, version: BENCH_VERSION });
  };
  for (const e of pkg.entries) {
    if (e.kind === "task") {
      fill(e.message.template?.id);
      await client.createTask({ id: e.message.template?.id, spec: e.message });
    } else if (e.kind === "workflow") {
      fill(e.message.template?.id);
      for (const n of e.message.template?.nodes ?? []) {
        if (n.target.case === "taskNode" && n.target.value.reference.case === "referenceId") {
          fill(n.target.value.reference.value);
        }
      }
      await client.createWorkflow({ id: e.message.template?.id, spec: e.message });
    } else {
      fill(e.message.id);
      fill(e.message.spec?.workflowId);
      await client.createLaunchPlan({ id: e.message.id, spec: e.message.spec });
    }
  }
  await client.createExecution({
    ...BENCH_PD,
    name: "template",
    spec: {
      launchPlan: { resourceType: ResourceType.LAUNCH_PLAN, ...BENCH_PD, name: BENCH_LP, version: BENCH_VERSION },
    },
    inputs: literalMap({ x: literals.integer(1) }),
  });
  const seeded = Date.now();
  await seedFromTemplate(database.db, seed);
  // A database that grew to this size has planner statistics (autovacuum gathers them on
  // PostgreSQL); right after a bulk insert it has none, and PostgreSQL then picks a list index for
  // primary-key lookups (a 100k-entry range scan, ~6 ms per GetExecution).
  await sql`analyze`.execute(database.db);
  process.stdout.write(
    `${JSON.stringify({ url: server.url, seeded: seed, seedMs: Date.now() - seeded, dialect: database.dialect })}\n`,
  );
  // Each line on stdin asks for the CPU time used so far (µs), answered as one JSON line.
  createInterface({ input: process.stdin }).on("line", () => {
    const u = process.cpuUsage();
    process.stdout.write(`${JSON.stringify({ cpuUs: u.user + u.system })}\n`);
  });
  process.stdin.on("end", () => {
    void (async () => {
      await server.close();
      await database.close();
      // Many small blob folders: deleted by a detached `rm`, outside this process's time.
      spawn("rm", ["-rf", dir], { detached: true, stdio: "ignore" }).unref();
      process.exit(0);
    })();
  });
}

/**
 * `total` copies of the template execution's row, generated by the database (one INSERT ... SELECT
 * over a recursive sequence): phases cycle QUEUED/RUNNING/SUCCEEDED/FAILED/ABORTED, ten launch
 * plan names, one second apart.
 */
async function seedFromTemplate(db: Parameters<typeof createRepositories>[0], total: number): Promise<void> {
  if (total <= 0) return;
  const i = sql.ref("seq.i");
  const phase = sql`case ${i} % 5 when 0 then 'QUEUED' when 1 then 'RUNNING' when 2 then 'SUCCEEDED' when 3 then 'FAILED' else 'ABORTED' end`;
  await db.transaction().execute(async (trx) => {
    await sql`
      with recursive seq(i) as (select 0 union all select i + 1 from seq where i < ${sql.lit(total - 1)})
      insert into executions (project, domain, name, phase, launch_plan_project, launch_plan_domain,
        launch_plan_name, launch_plan_version, workflow_project, workflow_domain, workflow_name,
        workflow_version, created_at, updated_at, state, spec, closure)
      select t.project, t.domain, 's' || ${i}, ${phase}, t.launch_plan_project, t.launch_plan_domain,
        case when ${i} % 10 = 0 then t.launch_plan_name else 'lp.' || (${i} % 10) end, t.launch_plan_version,
        t.workflow_project, t.workflow_domain, t.workflow_name, t.workflow_version,
        cast(${sql.lit(SEED_T0)} as bigint) + ${i} * 1000, cast(${sql.lit(SEED_T0)} as bigint) + ${i} * 1000,
        0, t.spec, t.closure
      from seq cross join (select * from executions where name = 'template') t`.execute(trx);
  });
}

await main();
