import type { Kysely } from "kysely";

/** The SQL flavours the persistence layer supports. */
export type DialectName = "sqlite" | "postgres";

/**
 * One numbered schema change. `up` runs inside a transaction together with the row that records
 * it, so a migration is applied completely or not at all.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  up(db: Kysely<unknown>, dialect: DialectName): Promise<void>;
}
