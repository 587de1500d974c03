import { fromDbBytes, toDbBytes, toDbBytesOrNull } from "../bytes.js";
import { applyListOptions, toPage, type ListOptions, type Page } from "../filters/list-query.js";
import { col, TIMESTAMP, type ListSpec } from "../filters/list-spec.js";
import type { SignalsTable } from "../schema.js";
import type { Db } from "../transaction.js";
import { formatNamedId, notFound, type NamedId } from "./common.js";

export interface SignalId {
  executionId: NamedId;
  signalId: string;
}

export interface SignalModel {
  id: SignalId;
  /** `core.LiteralType` bytes. */
  type: Uint8Array;
  /** `core.Literal` bytes once set. */
  value: Uint8Array | null;
  createdAt: number;
  updatedAt: number;
}

export interface SignalRepository {
  /** Returns the existing signal, or creates it (the engine's GetOrCreateSignal). */
  getOrCreate(signal: SignalModel): Promise<SignalModel>;
  get(id: SignalId): Promise<SignalModel>;
  list(executionId: NamedId, options: ListOptions): Promise<Page<SignalModel>>;
  /** Sets the value; `NotFoundError` if the signal does not exist. */
  setValue(id: SignalId, value: Uint8Array, now: number): Promise<void>;
}

export const SIGNAL_LIST_SPEC: ListSpec = {
  entity: "signal",
  columns: {
    signal_id: col("signal_id"),
    created_at: col("created_at", TIMESTAMP),
    updated_at: col("updated_at", TIMESTAMP),
  },
  defaultSort: { key: "created_at", direction: "ASCENDING" },
  tieBreak: ["signal_id"],
};

const fromRow = (r: SignalsTable): SignalModel => ({
  id: { executionId: { project: r.project, domain: r.domain, name: r.name }, signalId: r.signal_id },
  type: fromDbBytes(r.type),
  value: r.value === null ? null : fromDbBytes(r.value),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const keyOf = (id: SignalId) => `${formatNamedId(id.executionId)}/${id.signalId}`;

export class KyselySignalRepository implements SignalRepository {
  private readonly db: Db;
  constructor(options: { db: Db }) {
    this.db = options.db;
  }

  async getOrCreate(signal: SignalModel): Promise<SignalModel> {
    await this.db
      .insertInto("signals")
      .values({
        ...signal.id.executionId,
        signal_id: signal.id.signalId,
        type: toDbBytes(signal.type),
        value: toDbBytesOrNull(signal.value),
        created_at: signal.createdAt,
        updated_at: signal.updatedAt,
      })
      .onConflict((oc) => oc.columns(["project", "domain", "name", "signal_id"]).doNothing())
      .execute();
    return this.get(signal.id);
  }

  async get(id: SignalId): Promise<SignalModel> {
    const row = await this.db
      .selectFrom("signals")
      .selectAll()
      .where("project", "=", id.executionId.project)
      .where("domain", "=", id.executionId.domain)
      .where("name", "=", id.executionId.name)
      .where("signal_id", "=", id.signalId)
      .executeTakeFirst();
    if (!row) throw notFound("signal", keyOf(id));
    return fromRow(row);
  }

  async list(executionId: NamedId, options: ListOptions): Promise<Page<SignalModel>> {
    const base = this.db
      .selectFrom("signals")
      .selectAll()
      .where("project", "=", executionId.project)
      .where("domain", "=", executionId.domain)
      .where("name", "=", executionId.name);
    const { query, ...window } = applyListOptions(base, SIGNAL_LIST_SPEC, options);
    return toPage(await query.execute(), window, fromRow);
  }

  async setValue(id: SignalId, value: Uint8Array, now: number): Promise<void> {
    const res = await this.db
      .updateTable("signals")
      .set({ value: toDbBytes(value), updated_at: now })
      .where("project", "=", id.executionId.project)
      .where("domain", "=", id.executionId.domain)
      .where("name", "=", id.executionId.name)
      .where("signal_id", "=", id.signalId)
      .executeTakeFirst();
    if (res.numUpdatedRows === 0n) throw notFound("signal", keyOf(id));
  }
}
