import { CompiledQuery, SqliteDialect, SqliteDriver, type DatabaseConnection, type SqliteDialectConfig } from "kysely";

/**
 * Kysely's SQLite driver, except that transactions begin IMMEDIATE: they take the write lock
 * when they start. With the default (deferred) BEGIN, a transaction that reads before it writes
 * fails at once with "database is locked" when another process committed in between (WAL cannot
 * upgrade a stale read snapshot, and the busy timeout does not apply); an immediate one waits for
 * the lock (up to the busy timeout) and then reads current data.
 */
class ImmediateTransactionDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("begin immediate"));
  }
}

export class ImmediateTransactionSqliteDialect extends SqliteDialect {
  private readonly driverConfig: SqliteDialectConfig;
  constructor(config: SqliteDialectConfig) {
    super(config);
    this.driverConfig = config;
  }

  override createDriver(): SqliteDriver {
    return new ImmediateTransactionDriver(this.driverConfig);
  }
}
