import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/persistence/database.js";
import { MIGRATIONS } from "../../src/persistence/migrations/migration-list.js";
import { startPostgresCluster } from "../support/postgres-cluster.js";
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
  afterAll(async () => {
    await admin.end();
    cluster.stop();
  });

  describe(`repository contract: PostgreSQL (throwaway cluster on 127.0.0.1:${cluster.port}, ${cluster.collation} collation)`, () => {
    repositoryContract({
      dialect: "postgres",
      freshDatabase: async () => ({ dialect: "postgres", url: await freshDatabase(), maxConnections: 4 }),
    });
  });

  describe("PostgreSQL specifics", () => {
    it("servers starting at once on an empty database migrate it exactly once", async () => {
      const url = await freshDatabase();
      const opened = await Promise.all([1, 2, 3].map(() => openDatabase({ dialect: "postgres", url })));
      try {
        const applied = opened.map((d) => d.migrations.applied);
        expect(applied.flat().sort()).toEqual(MIGRATIONS.map((m) => m.version));
        for (const d of opened) expect(d.migrations.current).toBe(MIGRATIONS.length);
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
