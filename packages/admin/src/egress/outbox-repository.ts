import type { Kysely } from "kysely";
import type { NamedId } from "../persistence/repositories/common.js";
import type { Schema } from "../persistence/schema.js";
import type { Db } from "../persistence/transaction.js";
import type { EgressTables } from "./egress-schema.js";

export interface NewOutboxEntry {
  executionId: NamedId;
  eventSeq: number;
  /** The CloudEvent JSON. */
  cloudEvent: string;
  createdAt: number;
}

export interface OutboxEntry extends NewOutboxEntry {
  seq: number;
}

/** The egress outbox and the per-sink cursors (migration 0007), on one handle or transaction. */
export class OutboxRepository {
  readonly #db: Kysely<Schema & EgressTables>;
  constructor(options: { db: Db }) {
    this.#db = options.db.withTables<EgressTables>();
  }

  async add(e: NewOutboxEntry): Promise<void> {
    await this.#db
      .insertInto("egress_outbox")
      .values({
        ...e.executionId,
        event_seq: e.eventSeq,
        cloud_event: e.cloudEvent,
        created_at: e.createdAt,
      })
      .execute();
  }

  /** Entries after `seq` (exclusive) in seq order, at most `limit`. */
  async after(seq: number, limit: number): Promise<OutboxEntry[]> {
    const rows = await this.#db
      .selectFrom("egress_outbox")
      .selectAll()
      .where("seq", ">", seq)
      .orderBy("seq", "asc")
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      seq: Number(r.seq),
      executionId: { project: r.project, domain: r.domain, name: r.name },
      eventSeq: Number(r.event_seq),
      cloudEvent: r.cloud_event,
      createdAt: Number(r.created_at),
    }));
  }

  /** The last seq `sink` acknowledged; undefined for a sink that never published. */
  async cursor(sink: string): Promise<number | undefined> {
    const row = await this.#db
      .selectFrom("egress_cursors")
      .select("last_seq")
      .where("sink", "=", sink)
      .executeTakeFirst();
    return row ? Number(row.last_seq) : undefined;
  }

  async saveCursor(sink: string, seq: number, now: number): Promise<void> {
    await this.#db
      .insertInto("egress_cursors")
      .values({ sink, last_seq: seq, updated_at: now })
      .onConflict((oc) => oc.column("sink").doUpdateSet({ last_seq: seq, updated_at: now }))
      .execute();
  }

  /** Deletes the entries every one of `sinks` has acknowledged; returns how many. */
  async prune(sinks: readonly string[]): Promise<number> {
    if (sinks.length === 0) return 0;
    const cursors = await Promise.all(sinks.map((s) => this.cursor(s)));
    if (cursors.some((c) => c === undefined)) return 0;
    const upTo = Math.min(...(cursors as number[]));
    const res = await this.#db.deleteFrom("egress_outbox").where("seq", "<=", upTo).executeTakeFirst();
    return Number(res.numDeletedRows);
  }
}
