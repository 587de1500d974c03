import pg from "pg";
import { afterAll, describe, it } from "vitest";
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
  afterAll(async () => {
    await admin.end();
    cluster.stop();
  });
  describe(`repository contract: PostgreSQL (throwaway cluster on 127.0.0.1:${cluster.port}, ${cluster.collation} collation)`, () => {
    repositoryContract({
      dialect: "postgres",
      async freshDatabase() {
        const name = `contract_${++n}`;
        await admin.query(`create database ${name}`);
        return { dialect: "postgres", url: cluster.urlFor(name), maxConnections: 4 };
      },
    });
  });
}
