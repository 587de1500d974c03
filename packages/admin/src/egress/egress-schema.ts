import type { Generated } from "kysely";

/** Tables of migration 0007, added to a handle with `db.withTables<EgressTables>()`. */
export type EgressTables = {
  egress_outbox: {
    seq: Generated<number>;
    project: string;
    domain: string;
    name: string;
    /** `events.seq` of the event this row publishes. */
    event_seq: number;
    /** The CloudEvent, JSON structured mode. */
    cloud_event: string;
    created_at: number;
  };
  egress_cursors: {
    sink: string;
    last_seq: number;
    updated_at: number;
  };
};
