import { openDatabase } from "@flyte-ts/admin";
import pg from "pg";
import { afterAll, describe, it } from "vitest";
import { startPostgresCluster } from "../../admin/test/support/postgres-cluster.js";
import { catalogContract } from "./catalog-contract.js";

// A throwaway cluster for this file: started before the tests are collected, stopped after them.
const started = await startPostgresCluster();

if (!started.ok) {
  console.warn(`[catalog postgres contract] SKIPPED: ${started.reason}`);
  describe("catalog contract: PostgreSQL", () => {
    it.skip(`skipped: PostgreSQL could not be started (${started.reason.split("\n")[0] ?? ""})`, () => {});
  });
} else {
  const { cluster } = started;
  const admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  // Each test gets a clone of one migrated template (faster than migrating a new database each time).
  await admin.query("create database catalog_template");
  await openDatabase({ dialect: "postgres", url: cluster.urlFor("catalog_template") }).then((d) => d.close());
  let n = 0;
  afterAll(async () => {
    await Promise.race([admin.end(), new Promise((r) => setTimeout(r, 5000))]);
    cluster.stop();
  }, 90_000);

  describe(`catalog contract: PostgreSQL (throwaway cluster on 127.0.0.1:${cluster.port})`, () => {
    catalogContract({
      name: "PostgreSQL",
      database: async () => {
        const name = `catalog_${++n}`;
        await admin.query(`create database ${name} template catalog_template`);
        return { dialect: "postgres", url: cluster.urlFor(name), maxConnections: 4 };
      },
    });
  });
}
