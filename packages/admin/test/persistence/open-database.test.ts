import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/persistence/database.js";

const root = mkdtempSync(join(tmpdir(), "flyte-open-db-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("openDatabase", () => {
  it("creates the SQLite data directory and file, migrated", async () => {
    const dataDir = join(root, "nested", "data");
    const database = await openDatabase({ dialect: "sqlite", dataDir });
    try {
      expect(database.location).toBe(join(dataDir, "flyte.db"));
      expect(database.migrations.current).toBeGreaterThan(0);
    } finally {
      await database.close();
    }
  });

  it("migrate: false opens without touching the schema", async () => {
    const database = await openDatabase({ dialect: "sqlite", dataDir: join(root, "bare") }, { migrate: false });
    try {
      expect(database.migrations).toEqual({ applied: [], current: 0 });
      expect(await database.db.introspection.getTables()).toEqual([]);
    } finally {
      await database.close();
    }
  });

  it("a data dir that is a file is DatabaseUnavailable naming the location", async () => {
    const file = join(root, "not-a-dir");
    writeFileSync(file, "x");
    await expect(openDatabase({ dialect: "sqlite", dataDir: file })).rejects.toMatchObject({
      code: "DatabaseUnavailable",
      status: "unavailable",
      details: { location: join(file, "flyte.db") },
    });
  });

  it("a file that is not a SQLite database is DatabaseUnavailable", async () => {
    const dataDir = join(root, "garbage");
    await openDatabase({ dialect: "sqlite", dataDir }, { migrate: false }).then((d) => d.close());
    writeFileSync(join(dataDir, "flyte.db"), "this is not a database file, it is text ".repeat(200));
    await expect(openDatabase({ dialect: "sqlite", dataDir })).rejects.toMatchObject({ code: "DatabaseUnavailable" });
  });

  it("an empty SQLite data dir or a non-postgres URL is InvalidDatabaseConfig", async () => {
    await expect(openDatabase({ dialect: "sqlite", dataDir: "" })).rejects.toMatchObject({
      code: "InvalidDatabaseConfig",
    });
    await expect(openDatabase({ dialect: "postgres", url: "mysql://u@localhost/db" })).rejects.toMatchObject({
      code: "InvalidDatabaseConfig",
    });
    await expect(openDatabase({ dialect: "postgres", url: "not a url" })).rejects.toMatchObject({
      code: "InvalidDatabaseConfig",
    });
  });

  it("an unreachable PostgreSQL server is DatabaseUnavailable, without the password in the message", async () => {
    const err = (await openDatabase({ dialect: "postgres", url: "postgres://flyte:s3cret@127.0.0.1:1/flyte" }).catch(
      (e: unknown) => e,
    )) as { code: string; retryable: boolean; message: string; details: Record<string, string> };
    expect(err).toMatchObject({ code: "DatabaseUnavailable", retryable: true });
    expect(err.message).not.toContain("s3cret");
    expect(err.details.location).not.toContain("s3cret");
    expect(err.details.location).toContain("127.0.0.1:1/flyte");
  });
});
