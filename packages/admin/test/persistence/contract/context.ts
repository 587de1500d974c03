import { afterEach, beforeEach } from "vitest";
import { openDatabase, type Database, type DatabaseConfig } from "../../../src/persistence/database.js";
import type { DialectName } from "../../../src/persistence/migrations/migration.js";
import { createRepositories, type Repositories } from "../../../src/persistence/repositories.js";

/** One database implementation the repository contract runs against. */
export interface ContractTarget {
  readonly dialect: DialectName;
  /** A config naming a new, empty database (not migrated yet). Called once per test. */
  freshDatabase(): Promise<DatabaseConfig>;
  /**
   * Optional shortcut: a new database that already has the current schema (e.g. a PostgreSQL
   * clone of a migrated template), for the tests that are not about migrations. Opening it still
   * runs the (then no-op) migrations. Defaults to `freshDatabase`.
   */
  migratedDatabase?(): Promise<DatabaseConfig>;
}

/** What each contract test gets: a migrated, empty database and every repository bound to it. */
export interface ContractContext {
  readonly target: ContractTarget;
  readonly config: DatabaseConfig;
  readonly database: Database;
  readonly repos: Repositories;
}

/**
 * Registers hooks that give every test of the enclosing `describe` its own new database, opened
 * (and so migrated) by `openDatabase`, and closed afterwards. With `empty: true` the database
 * starts empty (no schema) so the test sees the migrations run. Read the fields inside tests only.
 */
export function useFreshDatabase(target: ContractTarget, options: { empty?: boolean } = {}): ContractContext {
  let current: { config: DatabaseConfig; database: Database; repos: Repositories } | undefined;
  const get = () => {
    if (current === undefined) throw new Error("the contract context is only available inside a test");
    return current;
  };
  beforeEach(async () => {
    const config =
      options.empty === true || target.migratedDatabase === undefined
        ? await target.freshDatabase()
        : await target.migratedDatabase();
    const database = await openDatabase(config);
    current = { config, database, repos: createRepositories(database.db) };
  });
  afterEach(async () => {
    const open = current;
    current = undefined;
    await open?.database.close();
  });
  return {
    target,
    get config() {
      return get().config;
    },
    get database() {
      return get().database;
    },
    get repos() {
      return get().repos;
    },
  };
}
