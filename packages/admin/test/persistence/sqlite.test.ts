import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import type { MigrationReport } from "../../src/persistence/migrations/migrator.js";
import { MIGRATIONS } from "../../src/persistence/migrations/migration-list.js";
import { repositoryContract } from "./repository-contract.js";

const root = mkdtempSync(join(tmpdir(), "flyte-sqlite-contract-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("repository contract: SQLite (a real file per test in a temp dir)", () => {
  let n = 0;
  repositoryContract({
    dialect: "sqlite",
    freshDatabase: () => Promise.resolve({ dialect: "sqlite", dataDir: join(root, `db-${++n}`) }),
  });
});

/** The built module, so a plain `node` child process can open a database. */
const BUILT_DATABASE = fileURLToPath(new URL("../../dist/persistence/database.js", import.meta.url));

/** Runs an ES module `script` with plain node; resolves to its stdout. */
function runChild(script: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(out) : reject(new Error(`child exited with ${code}: ${err}`))));
  });
}

/** Opens (and so migrates) the database in `dataDir` in a child process; resolves to its report. */
async function openInChild(dataDir: string): Promise<MigrationReport> {
  const script = `
    const { openDatabase } = await import(${JSON.stringify(BUILT_DATABASE)});
    const db = await openDatabase({ dialect: "sqlite", dataDir: ${JSON.stringify(dataDir)} });
    process.stdout.write(JSON.stringify(db.migrations));
    await db.close();`;
  return JSON.parse(await runChild(script)) as MigrationReport;
}

const BUILT_REPOSITORIES = fileURLToPath(new URL("../../dist/persistence/repositories.js", import.meta.url));

/**
 * In a child process: `rounds` times, race for a reservation (read, then write) and append an
 * execution with its first event in one transaction. Resolves to how many reservations it won.
 */
function writeInChild(dataDir: string, owner: string, rounds: number): Promise<number> {
  const script = `
    const { openDatabase } = await import(${JSON.stringify(BUILT_DATABASE)});
    const { createRepositories, withTransaction } = await import(${JSON.stringify(BUILT_REPOSITORIES)});
    const db = await openDatabase({ dialect: "sqlite", dataDir: ${JSON.stringify(dataDir)} });
    const repos = createRepositories(db.db);
    const bytes = new Uint8Array([1]);
    let won = 0;
    for (let i = 0; i < ${rounds}; i++) {
      const key = { datasetId: { project: "p", name: "ds", domain: "d", version: "1" }, tagName: "t" + i };
      const r = await repos.reservations.getOrExtend({ key, ownerId: ${JSON.stringify(owner)}, now: 1, ttlMs: 1e9 });
      if (r.ownerId === ${JSON.stringify(owner)}) won++;
      const id = { project: "p", domain: "d", name: ${JSON.stringify(owner)} + "-" + i };
      await withTransaction(db.db, async (tx) => {
        await tx.executions.create({ id, phase: "QUEUED", launchPlanId: { project: "p", domain: "d", name: "lp", version: "v" },
          workflowId: { project: "p", domain: "d", name: "wf", version: "v" }, taskName: "", mode: 0, principal: "",
          parentNodeExecution: null, referenceExecution: null, cluster: "", startedAt: null, durationMs: null,
          createdAt: i, updatedAt: i, state: 0, spec: bytes, closure: bytes, errorKind: "", errorCode: "",
          inputsUri: "", userInputsUri: "", tags: ["t"] });
        await tx.events.append({ executionId: id, kind: "workflow", nodeId: null, retryAttempt: null, phase: "QUEUED",
          occurredAt: i, event: bytes, createdAt: i });
      });
    }
    process.stdout.write(String(won));
    await db.close();`;
  return runChild(script).then(Number);
}

describe("SQLite specifics", () => {
  it("several processes writing the same file at once all succeed (transactions begin IMMEDIATE)", async () => {
    const dataDir = join(root, "written-by-processes");
    await openInChild(dataDir);
    const owners = ["w1", "w2", "w3", "w4"];
    const rounds = 60;
    const won = await Promise.all(owners.map((o) => writeInChild(dataDir, o, rounds)));
    expect(won.reduce((a, b) => a + b, 0)).toBe(rounds);
    const { openDatabase } = await import("../../src/persistence/database.js");
    const database = await openDatabase({ dialect: "sqlite", dataDir });
    try {
      const count = async (table: "executions" | "events" | "execution_tags" | "reservations") =>
        Number(
          (
            await database.db
              .selectFrom(table)
              .select((eb) => eb.fn.countAll().as("n"))
              .executeTakeFirst()
          )?.n,
        );
      expect(await count("executions")).toBe(owners.length * rounds);
      expect(await count("events")).toBe(owners.length * rounds);
      expect(await count("execution_tags")).toBe(owners.length * rounds);
      expect(await count("reservations")).toBe(rounds);
    } finally {
      await database.close();
    }
  }, 120_000);

  it("processes starting at once on an empty data dir migrate it exactly once", async () => {
    expect(existsSync(BUILT_DATABASE), `${BUILT_DATABASE} is missing: build first (npx tsc -b packages/admin)`).toBe(
      true,
    );
    const dataDir = join(root, "shared-by-processes");
    const reports = await Promise.all([1, 2, 3, 4].map(() => openInChild(dataDir)));
    expect(reports.flatMap((r) => r.applied).sort((a, b) => a - b)).toEqual(MIGRATIONS.map((m) => m.version));
    for (const r of reports) expect(r.current).toBe(MIGRATIONS.at(-1)?.version);
  });
});
