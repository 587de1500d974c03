import { fromDbBytes, toDbBytes } from "../bytes.js";
import { checkLimit } from "../filters/list-query.js";
import type { Db } from "../transaction.js";
import type { NamedId } from "./common.js";

export const EVENT_KINDS = ["workflow", "node", "task"] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export interface NewEvent {
  executionId: NamedId;
  kind: EventKind;
  nodeId: string | null;
  retryAttempt: number | null;
  /** Phase name of the event. */
  phase: string;
  occurredAt: number | null;
  /** The `event.WorkflowExecutionEvent` / `NodeExecutionEvent` / `TaskExecutionEvent` bytes. */
  event: Uint8Array;
  createdAt: number;
}

export interface EventRecord extends NewEvent {
  /** Increases with every append (across executions); orders one execution's history. */
  seq: number;
}

/** The append-only history of everything that happened to executions. */
export interface EventRepository {
  /** Appends and returns the new record's sequence number. */
  append(event: NewEvent): Promise<number>;
  /** One execution's events in append order, after `afterSeq` (exclusive), at most `limit`. */
  list(executionId: NamedId, options?: { afterSeq?: number; limit?: number }): Promise<EventRecord[]>;
}

export class KyselyEventRepository implements EventRepository {
  private readonly db: Db;
  constructor(options: { db: Db }) {
    this.db = options.db;
  }

  async append(e: NewEvent): Promise<number> {
    const row = await this.db
      .insertInto("events")
      .values({
        ...e.executionId,
        kind: e.kind,
        node_id: e.nodeId,
        retry_attempt: e.retryAttempt,
        phase: e.phase,
        occurred_at: e.occurredAt,
        event: toDbBytes(e.event),
        created_at: e.createdAt,
      })
      .returning("seq")
      .executeTakeFirstOrThrow();
    return Number(row.seq);
  }

  async list(executionId: NamedId, options: { afterSeq?: number; limit?: number } = {}): Promise<EventRecord[]> {
    const rows = await this.db
      .selectFrom("events")
      .selectAll()
      .where("project", "=", executionId.project)
      .where("domain", "=", executionId.domain)
      .where("name", "=", executionId.name)
      .where("seq", ">", options.afterSeq ?? 0)
      .orderBy("seq", "asc")
      .limit(checkLimit(options.limit ?? 1000))
      .execute();
    return rows.map((r) => ({
      seq: Number(r.seq),
      executionId: { project: r.project, domain: r.domain, name: r.name },
      kind: r.kind as EventKind,
      nodeId: r.node_id,
      retryAttempt: r.retry_attempt,
      phase: r.phase,
      occurredAt: r.occurred_at,
      event: fromDbBytes(r.event),
      createdAt: r.created_at,
    }));
  }
}
