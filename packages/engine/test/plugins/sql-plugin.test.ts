import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { create, fromBinary, toBinary, type MessageInitShape } from "@bufbuild/protobuf";
import { literals, literalMap, types } from "@flyte-ts/idl";
import { LiteralMapSchema, type LiteralMap } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { TaskTemplateSchema, type TaskTemplate } from "@flyte-ts/idl/gen/flyteidl/core/tasks_pb";
import {
  LiteralTypeSchema,
  SchemaType_SchemaColumn_SchemaColumnType as SchemaColumnType,
  type LiteralType,
} from "@flyte-ts/idl/gen/flyteidl/core/types_pb";
import type { DataFrame } from "@flyte-ts/sdk";
import { typeFromLiteralType, type DataAccess } from "@flyte-ts/sdk";
import { MemoryStore } from "@flyte-ts/storage";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bindQuery } from "../../src/plugins/sql/sql-template.js";
import { SqlitePlugin } from "../../src/plugins/sql/sqlite-plugin.js";
import { runToEnd, testContext, type TestContext } from "./container-test-context.js";

const root = "memory://bucket";

function sqliteTask(o: {
  query: string;
  uri: string;
  inputs?: Record<string, LiteralType>;
  columns?: { name: string; type: LiteralType }[];
  sqlTarget?: boolean;
  noOutput?: boolean;
}): TaskTemplate {
  const vars = (m: Record<string, LiteralType>) =>
    Object.fromEntries(Object.entries(m).map(([k, type]) => [k, { type, description: k }]));
  const init: MessageInitShape<typeof TaskTemplateSchema> = {
    id: { name: "top_tracks" },
    type: "sqlite",
    interface: {
      inputs: { variables: vars(o.inputs ?? {}) },
      outputs: { variables: o.noOutput ? {} : vars({ results: types.structuredDataset("parquet", o.columns ?? []) }) },
    },
    custom: { query_template: o.sqlTarget ? "" : o.query, uri: o.uri, compressed: false },
    ...(o.sqlTarget ? { target: { case: "sql" as const, value: { statement: o.query } } } : {}),
  };
  return create(TaskTemplateSchema, init);
}

describe("SqlitePlugin", () => {
  let dir: string;
  let dbFile: string;
  let blobs: MemoryStore;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "sqlite-plugin-"));
    dbFile = join(dir, "music.db");
    const db = new Database(dbFile);
    db.exec(`CREATE TABLE tracks (id INTEGER PRIMARY KEY, name TEXT, genre TEXT, price REAL, added TEXT);
      INSERT INTO tracks VALUES (1, 'Intro', 'rock', 0.99, '2024-01-02 03:04:05'),
        (2, 'It''s Late', 'rock', 1.29, '2024-02-01 00:00:00'),
        (3, 'Blue', 'jazz', 0.5, NULL),
        (4, 'Green', 'rock', 2, '2024-03-01 12:00:00');`);
    db.close();
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const plugin = () => new SqlitePlugin({ workDir: join(dir, "work") });

  async function ctxFor(task: TaskTemplate, inputs?: LiteralMap): Promise<TestContext> {
    blobs = new MemoryStore({ root });
    return testContext({ blobs, root, task, ...(inputs ? { inputs } : {}) });
  }

  async function resultRows(ctx: TestContext): Promise<Record<string, unknown>[]> {
    const out = fromBinary(LiteralMapSchema, await blobs.read(ctx.paths.outputs));
    const lit = out.literals.results;
    const variable = ctx.task.interface?.outputs?.variables.results;
    if (!lit || !variable?.type) throw new Error("no results output");
    const data: DataAccess = {
      read: (u) => blobs.read(u),
      write: (u, b) => blobs.write(u, b),
      list: async (p) => {
        const uris: string[] = [];
        for await (const b of blobs.list(p.endsWith("/") ? p : `${p}/`)) uris.push(b.uri);
        return uris;
      },
      newRawUri: () => `${root}/unused`,
      localDir: dir,
    };
    const df = (await typeFromLiteralType(variable.type).fromLiteral(lit, { what: "results", data })) as DataFrame;
    return df.table.toArray().map((r: { toJSON(): Record<string, unknown> }) => r.toJSON());
  }

  it("runs a query with bound inputs and writes the rows as a Parquet dataframe", async () => {
    const task = sqliteTask({
      query:
        "SELECT id, name, price, added FROM tracks WHERE genre = '{{ .inputs.genre }}' ORDER BY id LIMIT {{.inputs.limit}}",
      uri: dbFile,
      inputs: { genre: types.string(), limit: types.integer() },
      columns: [
        { name: "id", type: types.integer() },
        { name: "name", type: types.string() },
        { name: "price", type: types.float() },
        { name: "added", type: types.datetime() },
      ],
    });
    const ctx = await ctxFor(task, literalMap({ genre: literals.string("rock"), limit: literals.integer(2) }));
    const seen = await runToEnd(plugin(), ctx);
    expect(seen.map((s) => s.phase)).toEqual(["running", "success"]);
    const rows = await resultRows(ctx);
    expect(rows).toEqual([
      { id: 1n, name: "Intro", price: 0.99, added: Date.UTC(2024, 0, 2, 3, 4, 5) },
      { id: 2n, name: "It's Late", price: 1.29, added: Date.UTC(2024, 1, 1) },
    ]);
    expect(await blobs.head(`${ctx.rawOutputSandbox}/results/00000`)).toBeDefined();
  });

  it("binds inputs as values, so quotes in an input cannot change the query", async () => {
    const task = sqliteTask({
      query: "SELECT name FROM tracks WHERE genre = '{{.inputs.g}}' OR name LIKE '%{{.inputs.g}}%' -- {{.inputs.g}}",
      uri: dbFile,
      inputs: { g: types.string() },
    });
    const ctx = await ctxFor(task, literalMap({ g: literals.string("x' OR '1'='1") }));
    expect((await runToEnd(plugin(), ctx)).at(-1)?.phase).toBe("success");
    expect(await resultRows(ctx)).toEqual([]);
    const ctx2 = await ctxFor(task, literalMap({ g: literals.string("'s L") }));
    expect((await runToEnd(plugin(), ctx2)).at(-1)?.phase).toBe("success");
    expect(await resultRows(ctx2)).toEqual([{ name: "It's Late" }]);
  });

  it("after a restart reports an attempt whose outputs exist as done without querying again", async () => {
    const task = sqliteTask({ query: "SELECT 1 AS one", uri: dbFile });
    const ctx = await ctxFor(task);
    expect((await runToEnd(plugin(), ctx)).at(-1)?.phase).toBe("success");
    // A new plugin (engine restart) with the persisted state; the database is gone, so a rerun would fail.
    const moved = sqliteTask({ query: "SELECT 1 AS one", uri: join(dir, "gone.db") });
    const again = { ...ctx, task: moved, pluginState: "started" as const };
    expect((await runToEnd(plugin(), again)).at(-1)?.phase).toBe("success");
    expect(await resultRows(ctx)).toEqual([{ one: 1n }]);
  });

  it("reads the query from a sql target and the database from storage", async () => {
    const stored = `${root}/dbs/music.db`;
    const task = sqliteTask({
      query: "SELECT count(*) AS n, sum(price) AS total FROM tracks",
      uri: stored,
      sqlTarget: true,
    });
    const ctx = await ctxFor(task);
    await blobs.write(stored, readFileSync(dbFile));
    expect((await runToEnd(plugin(), ctx)).at(-1)?.phase).toBe("success");
    const [row] = await resultRows(ctx);
    expect(row?.n).toBe(4n);
    expect(Number(row?.total)).toBeCloseTo(4.78);
  });

  it("writes flytekit's default legacy schema output as a Schema literal over Parquet files", async () => {
    const task = sqliteTask({ query: "SELECT id, name FROM tracks ORDER BY id DESC LIMIT 1", uri: dbFile });
    const schemaType = create(LiteralTypeSchema, {
      type: {
        case: "schema",
        value: {
          columns: [
            { name: "id", type: SchemaColumnType.INTEGER },
            { name: "name", type: SchemaColumnType.STRING },
          ],
        },
      },
    });
    const results = task.interface?.outputs?.variables.results;
    if (results) results.type = schemaType;
    const ctx = await ctxFor(task);
    expect((await runToEnd(plugin(), ctx)).at(-1)?.phase).toBe("success");
    const lit = fromBinary(LiteralMapSchema, await blobs.read(ctx.paths.outputs)).literals.results;
    const schema =
      lit?.value.case === "scalar" && lit.value.value.value.case === "schema" ? lit.value.value.value.value : undefined;
    expect(schema?.uri).toBe(`${ctx.rawOutputSandbox}/results`);
    expect(schema?.type?.columns.map((c) => c.name)).toEqual(["id", "name"]);
    // The same files read as a dataset with those columns.
    if (results)
      results.type = types.structuredDataset("parquet", [
        { name: "id", type: types.integer() },
        { name: "name", type: types.string() },
      ]);
    const out = fromBinary(LiteralMapSchema, await blobs.read(ctx.paths.outputs));
    out.literals.results = literals.structuredDataset(schema?.uri ?? "");
    await blobs.write(ctx.paths.outputs, toBinary(LiteralMapSchema, out));
    expect(await resultRows(ctx)).toEqual([{ id: 4n, name: "Green" }]);
  });

  it("reports bad SQL, a missing database and a write to a read-only database as USER errors", async () => {
    const bad = await ctxFor(sqliteTask({ query: "SELEC nonsense FROM tracks", uri: dbFile }));
    const t1 = (await runToEnd(plugin(), bad)).at(-1);
    expect(t1).toMatchObject({ phase: "permanentFailure", error: { kind: "USER", code: "SqlQueryFailed" } });
    if (t1?.phase === "permanentFailure") expect(t1.error.message).toContain("SELEC nonsense FROM tracks");

    const missing = join(dir, "nope.db");
    const t2 = (await runToEnd(plugin(), await ctxFor(sqliteTask({ query: "SELECT 1", uri: missing })))).at(-1);
    expect(t2).toMatchObject({ phase: "permanentFailure", error: { kind: "USER", code: "SqlDatabaseNotFound" } });
    if (t2?.phase === "permanentFailure") expect(t2.error.message).toContain(missing);

    const write = await ctxFor(sqliteTask({ query: "DELETE FROM tracks", uri: dbFile, noOutput: true }));
    const t3 = (await runToEnd(plugin(), write)).at(-1);
    expect(t3).toMatchObject({ phase: "permanentFailure", error: { kind: "USER", code: "SqlQueryFailed" } });
    if (t3?.phase === "permanentFailure") expect(t3.error.message).toMatch(/readonly/i);
    const db = new Database(dbFile, { readonly: true });
    expect(db.prepare("SELECT count(*) AS n FROM tracks").get()).toEqual({ n: 4 });
    db.close();
  });

  it("abort kills a long query in its child process", async () => {
    const slow = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) AS n FROM c";
    const ctx = await ctxFor(sqliteTask({ query: slow, uri: dbFile }));
    const p = plugin();
    expect((await p.handle(ctx)).phase).toBe("running");
    await new Promise((r) => setTimeout(r, 200));
    const t0 = Date.now();
    await p.abort(ctx);
    await ctx.nextWake(5000);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(await blobs.head(ctx.paths.outputs)).toBeUndefined();
    await p.finalize(ctx);
  });
});

describe("bindQuery", () => {
  const inputs = literalMap({
    n: literals.integer(5),
    s: literals.string('a"b'),
    f: literals.float(1.5),
    b: literals.boolean(true),
  });

  it("binds expression placeholders with their types and whole quoted strings as text", () => {
    const q = bindQuery(
      "SELECT * FROM t WHERE a = {{.inputs.n}} AND b = '{{ .Inputs.n }}' AND c > {{$inputs.f}} AND d = {{.inputs.b}}",
      inputs,
    );
    expect(q.sql).toBe("SELECT * FROM t WHERE a = ? AND b = ? AND c > ? AND d = ?");
    expect(q.params).toEqual([5n, "5", 1.5, 1n]);
  });

  it("inlines into quoted identifiers and longer strings with quotes doubled, and skips comments", () => {
    const q = bindQuery(
      `SELECT "col_{{.inputs.s}}" FROM t /* {{.inputs.n}} */ WHERE x LIKE 'v{{.inputs.n}}%' -- {{.inputs.zzz}}`,
      inputs,
    );
    expect(q.sql).toBe(`SELECT "col_a""b" FROM t /* {{.inputs.n}} */ WHERE x LIKE 'v5%' -- {{.inputs.zzz}}`);
    expect(q.params).toEqual([]);
    expect(() => bindQuery("SELECT {{.inputs.zzz}}", inputs)).toThrow(/no input 'zzz'/);
  });
});
