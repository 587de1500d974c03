import { createRepositories, openDatabase, type Database, type DatabaseConfig } from "@flyte-ts/admin";
import { isFlyteError } from "@flyte-ts/core";
import { MemoryStore } from "@flyte-ts/storage";
import { afterEach, beforeEach, expect } from "vitest";
import { CatalogManager } from "../../src/index.js";

/** One database implementation the catalog contract runs on. */
export interface CatalogTarget {
  readonly name: string;
  /** A config naming a new, empty database; called once per test. */
  database(): Promise<DatabaseConfig>;
}

export interface CatalogContext {
  readonly catalog: CatalogManager;
  readonly blobs: MemoryStore;
  readonly database: Database;
  /** The catalog's clock (epoch ms); tests move it. */
  clock: { now: number };
}

export const T0 = 1_700_000_000_000;
export const PREFIX = "memory://catalog/metadata";

/** Every test of the enclosing describe gets a migrated database, a memory blob store and a catalog. */
export function useCatalog(target: CatalogTarget): CatalogContext {
  let current: { catalog: CatalogManager; blobs: MemoryStore; database: Database } | undefined;
  const clock = { now: T0 };
  const get = () => {
    if (!current) throw new Error("the catalog context is only available inside a test");
    return current;
  };
  beforeEach(async () => {
    clock.now = T0;
    const database = await openDatabase(await target.database());
    const blobs = new MemoryStore({ root: "memory://catalog" });
    const catalog = new CatalogManager({
      repositories: createRepositories(database.db),
      blobs,
      storagePrefix: PREFIX,
      now: () => clock.now,
    });
    current = { catalog, blobs, database };
  });
  afterEach(async () => {
    const open = current;
    current = undefined;
    await open?.database.close();
  });
  return {
    clock,
    get catalog() {
      return get().catalog;
    },
    get blobs() {
      return get().blobs;
    },
    get database() {
      return get().database;
    },
  };
}

/** Awaits a rejection and checks its stable code and status; returns the error for more checks. */
export async function rejects(
  p: Promise<unknown>,
  code: string,
  status: string,
): Promise<{ message: string; details: Readonly<Record<string, string>> }> {
  const e: unknown = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!isFlyteError(e)) throw new Error(`expected a FlyteError ${code}, got ${String(e)}`);
  expect({ code: e.code, status: e.status }).toEqual({ code, status });
  return e;
}
