import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { SqliteStateStore } from "../src/state/sqlite-store.js";
import { runStateStoreContract } from "./state-store-contract.js";
import { NotFoundError, SystemError } from "@flyte-ts/core";
import { attempt, execId, fullExecution, fullNode, minimalExecution, minimalNode } from "./state-store-fixtures.js";

const dir = mkdtempSync(join(tmpdir(), "engine-sqlite-store-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const freshPath = () => join(dir, `state-${++n}.db`);

runStateStoreContract("SqliteStateStore (file in a temp dir)", () => {
  const store = new SqliteStateStore({ path: freshPath() });
  return Promise.resolve({ store, close: () => store.close() });
});

runStateStoreContract("SqliteStateStore (file, group commit)", () => {
  const store = new SqliteStateStore({ path: freshPath(), groupCommit: true });
  return Promise.resolve({ store, close: () => store.close() });
});

runStateStoreContract("SqliteStateStore (:memory:)", () => {
  const store = new SqliteStateStore({ path: ":memory:" });
  return Promise.resolve({ store, close: () => store.close() });
});

describe("SqliteStateStore on disk", () => {
  it("keeps every record across close and reopen, migrating once", async () => {
    const path = freshPath();
    const id = execId("durable");
    const first = new SqliteStateStore({ path });
    await first.createExecution(fullExecution(id));
    await first.putNode(id, fullNode("n1"));
    await first.putAttempt(id, attempt("n1", 0, { phase: "Succeeded" }));
    await first.appendEvent(id, "node", new Uint8Array([1, 2, 3]));
    await first.close();
    await first.close();

    const second = new SqliteStateStore({ path });
    expect(await second.getExecution(id)).toStrictEqual(fullExecution(id));
    expect(await second.getNodes(id)).toStrictEqual([fullNode("n1")]);
    expect(await second.putAttempt(id, attempt("n1", 0, { phase: "Running" }))).toBe(false);
    expect(await second.appendEvent(id, "task", new Uint8Array([4]))).toBe(2);
    expect((await second.listActiveExecutions()).map((e) => e.id.name)).toStrictEqual(["durable"]);
    await second.close();

    const raw = new BetterSqlite3(path, { readonly: true });
    try {
      expect(raw.pragma("journal_mode", { simple: true })).toBe("wal");
      expect(raw.prepare("select version, name from engine_migrations").all()).toStrictEqual([
        { version: 1, name: "executions_closures_nodes_attempts_events" },
      ]);
    } finally {
      raw.close();
    }
  });

  it("answers the interface's queries from indexes, not table scans", async () => {
    const path = freshPath();
    await new SqliteStateStore({ path }).close();
    const raw = new BetterSqlite3(path, { readonly: true });
    const plan = (sql: string) =>
      (raw.prepare(`explain query plan ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join("; ");
    try {
      expect(plan("select * from engine_executions where active = 1")).toMatch(/USING INDEX engine_executions_active/);
      expect(plan("select id from engine_executions where project = 'a' and domain = 'b' and name = 'c'")).toMatch(
        /USING COVERING INDEX|USING INDEX/,
      );
      expect(plan("select * from engine_nodes where exec_id = 1")).toMatch(/USING INDEX engine_nodes_key/);
      expect(plan("select * from engine_nodes where exec_id = 1 and unique_id = 'n'")).toMatch(/engine_nodes_key/);
      const attempts = plan("select * from engine_attempts where exec_id = 1 and node_id = 'n' order by attempt");
      expect(attempts).toMatch(/USING INDEX engine_attempts_key/);
      expect(attempts).not.toMatch(/TEMP B-TREE/);
      const events = plan("select * from engine_events where exec_id = 1 order by seq");
      expect(events).toMatch(/USING INDEX engine_events_key/);
      expect(events).not.toMatch(/TEMP B-TREE/);
      expect(plan("select max(seq) from engine_events where exec_id = 1")).toMatch(/engine_events_key/);
    } finally {
      raw.close();
    }
  });

  it("creates the file and its missing directories", async () => {
    const path = join(dir, "nested", "deeper", "state.db");
    const store = new SqliteStateStore({ path });
    await store.createExecution(minimalExecution(execId("nested")));
    await store.close();
    const reopened = new SqliteStateStore({ path });
    expect((await reopened.getExecution(execId("nested")))?.id.name).toBe("nested");
    await reopened.close();
  });

  it("shares a file with other tables and with a second store on the same file", async () => {
    const path = freshPath();
    const other = new BetterSqlite3(path);
    other.exec("create table executions (id integer primary key, spec blob)");
    other.close();
    const a = new SqliteStateStore({ path });
    const b = new SqliteStateStore({ path });
    await a.createExecution(minimalExecution(execId("shared")));
    expect((await b.getExecution(execId("shared")))?.phase).toBe("Ready");
    await a.close();
    await b.close();
  });
});

describe("SqliteStateStore errors", () => {
  it("reports a file that is not a database as a SystemError naming the path", () => {
    const path = join(dir, "not-a-db.db");
    writeFileSync(path, "this is not a SQLite file, just some bytes that are long enough ".repeat(20));
    expect(() => new SqliteStateStore({ path })).toThrowError(SystemError);
    expect(() => new SqliteStateStore({ path })).toThrowError(/not-a-db\.db/);
  });

  it("rejects calls after close with a StateStoreError instead of throwing synchronously", async () => {
    const store = new SqliteStateStore({ path: freshPath() });
    await store.close();
    const read = store.getExecution(execId("x"));
    await expect(read).rejects.toBeInstanceOf(SystemError);
    await expect(read).rejects.toMatchObject({ code: "StateStoreError" });
    await expect(store.putNode(execId("x"), minimalNode("n"))).rejects.toMatchObject({ code: "StateStoreError" });
  });
});

describe("SqliteStateStore with group commit", () => {
  const countNodes = (path: string): number => {
    const raw = new BetterSqlite3(path, { readonly: true });
    try {
      return (raw.prepare("select count(*) as n from engine_nodes").get() as { n: number }).n;
    } finally {
      raw.close();
    }
  };

  it("commits one turn's writes together and acknowledges them only after the commit", async () => {
    const path = freshPath();
    const store = new SqliteStateStore({ path, groupCommit: true });
    const id = execId("group");
    await store.createExecution(minimalExecution(id));
    const writes = Array.from({ length: 100 }, (_, i) => store.putNode(id, minimalNode(`n${i}`)));
    // Same connection reads its own uncommitted writes; another connection does not see them yet.
    expect(await store.getNodes(id)).toHaveLength(100);
    expect(countNodes(path)).toBe(0);
    await Promise.all(writes);
    expect(countNodes(path)).toBe(100);
    await store.close();
  });

  it("rejects a failing write alone; the rest of its group commits", async () => {
    const path = freshPath();
    const store = new SqliteStateStore({ path, groupCommit: true });
    const id = execId("group-fail");
    await store.createExecution(minimalExecution(id));
    const ok1 = store.putNode(id, minimalNode("a"));
    const bad = store.putNode(execId("ghost"), minimalNode("b"));
    const badBatch = store.writeBatch([
      { op: "putNode", execution: id, record: minimalNode("c") },
      { op: "appendEvent", execution: execId("ghost"), kind: "node", payload: new Uint8Array([1]) },
    ]);
    const ok2 = store.appendEvent(id, "node", new Uint8Array([2]));
    await expect(bad).rejects.toBeInstanceOf(NotFoundError);
    await expect(badBatch).rejects.toBeInstanceOf(NotFoundError);
    await ok1;
    expect(await ok2).toBe(1);
    expect(countNodes(path)).toBe(1);
    expect((await store.getNodes(id)).map((n) => n.uniqueId)).toStrictEqual(["a"]);
    await store.close();
  });

  it("close() commits writes still waiting for their group", async () => {
    const path = freshPath();
    const store = new SqliteStateStore({ path, groupCommit: true });
    const id = execId("group-close");
    const created = store.createExecution(minimalExecution(id));
    const put = store.putAttempt(id, attempt("n1", 0, { phase: "Succeeded" }));
    await store.close();
    await created;
    expect(await put).toBe(true);
    const reopened = new SqliteStateStore({ path });
    expect(await reopened.getAttempts(id, "n1")).toStrictEqual([attempt("n1", 0, { phase: "Succeeded" })]);
    await reopened.close();
  });
});
