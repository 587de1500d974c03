import BetterSqlite3 from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SystemError } from "@flyte-ts/core";
import { PreparedQuery, param, queryBuilder } from "../src/state/sqlite-prepared.js";

interface Db {
  t: { k: string; a: number; b: number | null };
}

describe("PreparedQuery (Kysely-built SQL, prepared once, named parameters)", () => {
  let database: BetterSqlite3.Database;
  const db = queryBuilder<Db>();
  beforeEach(() => {
    database = new BetterSqlite3(":memory:");
    database.exec("create table t (k text primary key, a integer not null, b integer)");
  });
  afterEach(() => database.close());

  it("binds values by name, also when one name appears twice", () => {
    const insert = new PreparedQuery<"k" | "a" | "b">(
      database,
      db.insertInto("t").values({ k: param("k"), a: param("a"), b: param("b") }),
    );
    expect(insert.run({ b: null, a: 2, k: "x" })).toBe(1);
    expect(insert.run({ k: "y", a: 5, b: 7 })).toBe(1);
    const between = new PreparedQuery<"n">(
      database,
      db.selectFrom("t").select("k").where("a", "<=", param("n")).where("b", "=", param("n")).orderBy("k"),
    );
    expect(between.all({ n: 7 })).toStrictEqual([{ k: "y" }]);
    expect(between.all({ n: 2 })).toStrictEqual([]);
    expect(
      new PreparedQuery<"n">(database, db.selectFrom("t").selectAll().where("a", "=", param("n"))).get({ n: 5 }),
    ).toStrictEqual({
      k: "y",
      a: 5,
      b: 7,
    });
  });

  it("refuses a query with an inline value and a call missing a parameter", () => {
    expect(() => new PreparedQuery<never>(database, db.selectFrom("t").selectAll().where("a", "=", 1))).toThrowError(
      SystemError,
    );
    const byKey = new PreparedQuery<"k">(database, db.selectFrom("t").selectAll().where("k", "=", param("k")));
    expect(() => byKey.get({} as { k: string })).toThrowError(/no value for parameter k/);
  });
});
