import { sql, type Kysely } from "kysely";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../../src/persistence/database.js";
import type { Migration } from "../../../src/persistence/migrations/migration.js";
import { MIGRATIONS } from "../../../src/persistence/migrations/migration-list.js";
import { runMigrations } from "../../../src/persistence/migrations/migrator.js";
import { useFreshDatabase, type ContractTarget } from "./context.js";
import { rejectsWithCode, T0 } from "./fixtures.js";

const VERSIONS = MIGRATIONS.map((m) => m.version);
/** Versions only grow; a number may be skipped (a branch that needed none), so the latest is not the count. */
const LATEST = VERSIONS[VERSIONS.length - 1] ?? 0;

async function tableExists(db: Kysely<unknown>, table: string): Promise<boolean> {
  const tables = await db.introspection.getTables();
  return tables.some((t) => t.name === table);
}

export function migrationsContract(target: ContractTarget): void {
  describe("migrations", () => {
    const ctx = useFreshDatabase(target, { empty: true });

    it("are numbered upwards from 1 (numbers handed out to parallel work may be skipped), with a name each", () => {
      expect(VERSIONS[0]).toBe(1);
      for (let i = 1; i < VERSIONS.length; i++) expect(VERSIONS[i]).toBeGreaterThan(VERSIONS[i - 1] ?? 0);
      for (const m of MIGRATIONS) expect(m.name).toMatch(/^[a-z0-9_]+$/);
    });

    it("apply every migration on a fresh database and record each one", async () => {
      expect(ctx.database.migrations).toEqual({ applied: VERSIONS, current: LATEST });
      const rows = await ctx.database.db
        .selectFrom("flyte_migrations")
        .select(["version", "name", "applied_at"])
        .orderBy("version")
        .execute();
      expect(rows.map((r) => [r.version, r.name])).toEqual(MIGRATIONS.map((m) => [m.version, m.name]));
      for (const r of rows) expect(typeof r.applied_at).toBe("number");
    });

    it("are a no-op the second time, on the same handle and on a new one, and keep the data", async () => {
      await ctx.repos.projects.create({
        id: "p1",
        name: "P1",
        description: "",
        labels: null,
        state: 0,
        createdAt: T0,
        updatedAt: T0,
      });
      const again = await runMigrations(ctx.database.db, ctx.target.dialect, MIGRATIONS);
      expect(again).toEqual({ applied: [], current: LATEST });
      const reopened = await openDatabase(ctx.config);
      try {
        expect(reopened.migrations).toEqual({ applied: [], current: LATEST });
        const count = await reopened.db
          .selectFrom("flyte_migrations")
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirst();
        expect(Number(count?.n)).toBe(VERSIONS.length);
        expect((await reopened.db.selectFrom("projects").select("id").execute()).map((r) => r.id)).toEqual(["p1"]);
      } finally {
        await reopened.close();
      }
    });

    it("apply only the migrations newer than the database", async () => {
      const extra: Migration = {
        version: LATEST + 1,
        name: "contract_extra",
        async up(db) {
          await db.schema.createTable("contract_extra").addColumn("x", "integer").execute();
        },
      };
      const report = await runMigrations(ctx.database.db, ctx.target.dialect, [...MIGRATIONS, extra]);
      expect(report).toEqual({ applied: [extra.version], current: extra.version });
      expect(await tableExists(ctx.database.db as unknown as Kysely<unknown>, "contract_extra")).toBe(true);
    });

    it("roll back a migration that fails, schema change and record together", async () => {
      const broken: Migration = {
        version: LATEST + 1,
        name: "contract_broken",
        async up(db) {
          await db.schema.createTable("contract_half_done").addColumn("x", "integer").execute();
          await sql`select * from table_that_does_not_exist`.execute(db);
        },
      };
      const err = await rejectsWithCode(
        runMigrations(ctx.database.db, ctx.target.dialect, [...MIGRATIONS, broken]),
        "MigrationFailed",
      );
      expect(err.message).toContain("contract_broken");
      expect(await tableExists(ctx.database.db as unknown as Kysely<unknown>, "contract_half_done")).toBe(false);
      const again = await runMigrations(ctx.database.db, ctx.target.dialect, MIGRATIONS);
      expect(again.current).toBe(LATEST);
    });

    it("refuse a list that is not strictly increasing", async () => {
      const [first, second] = MIGRATIONS;
      if (first === undefined || second === undefined) throw new Error("expected at least two migrations");
      await rejectsWithCode(runMigrations(ctx.database.db, ctx.target.dialect, [second, first]), "MigrationOrder");
    });
  });
}
