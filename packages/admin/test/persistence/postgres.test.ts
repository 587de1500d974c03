import { CompiledQuery, sql } from "kysely";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/persistence/database.js";
import {
  executionListQuery,
  KyselyExecutionRepository,
} from "../../src/persistence/repositories/execution-repository.js";
import { MIGRATIONS } from "../../src/persistence/migrations/migration-list.js";
import { startPostgresCluster } from "../support/postgres-cluster.js";
import { LIST_PAGES, LIST_SCOPE, LIST_TOTAL, seedExecutions } from "./execution-list-fixtures.js";
import { repositoryContract } from "./repository-contract.js";

// A throwaway cluster for this file: started before the tests are collected, stopped after them.
const started = await startPostgresCluster();

if (!started.ok) {
  console.warn(`[postgres contract] SKIPPED: ${started.reason}`);
  describe("repository contract: PostgreSQL", () => {
    it.skip(`skipped: PostgreSQL could not be started (${started.reason.split("\n")[0] ?? ""})`, () => {});
  });
} else {
  const { cluster } = started;
  const admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  let n = 0;
  const freshDatabase = async (): Promise<string> => {
    const name = `contract_${++n}`;
    await admin.query(`create database ${name}`);
    return cluster.urlFor(name);
  };
  // Tests that are not about migrations start from a clone of one migrated template (much faster
  // than migrating a new database for each of them).
  await admin.query("create database contract_template");
  await openDatabase({ dialect: "postgres", url: cluster.urlFor("contract_template") }).then((d) => d.close());
  const migratedDatabase = async (): Promise<string> => {
    const name = `contract_${++n}`;
    await admin.query(`create database ${name} template contract_template`);
    return cluster.urlFor(name);
  };
  afterAll(async () => {
    // Never let a stuck client keep the cluster running: give it a few seconds, then stop anyway.
    await Promise.race([admin.end(), new Promise((r) => setTimeout(r, 5000))]);
    cluster.stop();
  }, 90_000);

  describe(`repository contract: PostgreSQL (throwaway cluster on 127.0.0.1:${cluster.port}, ${cluster.collation} collation)`, () => {
    repositoryContract({
      dialect: "postgres",
      freshDatabase: async () => ({ dialect: "postgres", url: await freshDatabase(), maxConnections: 4 }),
      migratedDatabase: async () => ({ dialect: "postgres", url: await migratedDatabase(), maxConnections: 4 }),
    });
  });

  describe(`ListExecutions over ${LIST_TOTAL.toLocaleString("en")} stored executions (PostgreSQL)`, () => {
    it("every common page is an ordered index scan: no sequential scan, no sort", async () => {
      const database = await openDatabase({ dialect: "postgres", url: await freshDatabase() });
      try {
        await seedExecutions(database.db);
        const page = await new KyselyExecutionRepository({ db: database.db }).list(LIST_SCOPE, { limit: 20 });
        expect(page.items.map((e) => e.id.name).slice(0, 3)).toEqual(["e99999", "e99996", "e99993"]);
        await sql`analyze executions`.execute(database.db);
        for (const [what, options] of LIST_PAGES) {
          const compiled = executionListQuery(database.db, LIST_SCOPE, options).query.compile();
          const result = await database.db.executeQuery<{ "QUERY PLAN": string }>(
            CompiledQuery.raw(`explain ${compiled.sql}`, [...compiled.parameters]),
          );
          const plan = result.rows.map((r) => r["QUERY PLAN"]).join("\n");
          expect(plan, what).toMatch(/Index Scan( Backward)? using executions_\w+_idx on executions/);
          expect(plan, what).not.toMatch(/Seq Scan on executions|Sort Key/);
        }
      } finally {
        await database.close();
      }
    }, 120_000);
  });

  describe("PostgreSQL specifics", () => {
    it("servers starting at once on an empty database migrate it exactly once", async () => {
      const url = await freshDatabase();
      const opened = await Promise.all([1, 2, 3].map(() => openDatabase({ dialect: "postgres", url })));
      try {
        const applied = opened.map((d) => d.migrations.applied);
        expect(applied.flat().sort((a, b) => a - b)).toEqual(MIGRATIONS.map((m) => m.version));
        for (const d of opened) expect(d.migrations.current).toBe(MIGRATIONS.at(-1)?.version);
      } finally {
        await Promise.all(opened.map((d) => d.close()));
      }
    });

    it("a pooled connection the server drops is replaced, not a crash", async () => {
      const url = await freshDatabase();
      const database = await openDatabase({ dialect: "postgres", url, maxConnections: 2 });
      try {
        await database.db.selectFrom("projects").selectAll().execute();
        const name = url.slice(url.lastIndexOf("/") + 1);
        await admin.query("select pg_terminate_backend(pid) from pg_stat_activity where datname = $1", [name]);
        await new Promise((r) => setTimeout(r, 100));
        expect(await database.db.selectFrom("projects").selectAll().execute()).toEqual([]);
      } finally {
        await database.close();
      }
    });
  });
}
