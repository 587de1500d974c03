import { ExecutionMetadata_ExecutionMode, ExecutionState } from "@flyte-ts/idl/gen/flyteidl/admin/execution_pb";
import { applyListOptions, toPage, type ListOptions, type Page } from "../filters/list-query.js";
import { parseFilters } from "../filters/filter-parser.js";
import { col, DURATION, enumValues, INT, STRING, TIMESTAMP, type ListSpec } from "../filters/list-spec.js";
import type { SelectQueryBuilder } from "kysely";
import { fromDbBytes } from "../bytes.js";
import { QueryTemplate } from "../query-template.js";
import type { ExecutionsTable, Schema } from "../schema.js";
import { inTransaction, type Db } from "../transaction.js";
import { alreadyExists, formatNamedId, notFound, type NamedId } from "./common.js";
import {
  executionFromRow,
  executionToRow,
  sampleExecution,
  type ExecutionModel,
  type ExecutionPatch,
  patchToRow,
} from "./execution-rows.js";
import { WORKFLOW_PHASE_NAMES } from "./phases.js";

export type { ExecutionModel, ExecutionPatch } from "./execution-rows.js";

/** The columns of an execution the API's `Execution` message is made of. */
export type ExecutionView = Pick<ExecutionModel, "id" | "phase" | "spec" | "closure">;

export interface ExecutionRepository {
  /** Inserts the execution and its tags atomically; `AlreadyExistsError` if the name is taken. */
  create(execution: ExecutionModel): Promise<void>;
  get(id: NamedId): Promise<ExecutionModel>;
  /**
   * Applies `patch`. With `ifPhase`, only when the stored phase still equals it (compare-and-set
   * for concurrent event writers): returns false when it did not. `NotFoundError` if missing.
   */
  update(id: NamedId, patch: ExecutionPatch, ifPhase?: string): Promise<boolean>;
  /** Lists one project/domain. Archived executions are hidden unless the filters mention `state`. */
  list(scope: { project: string; domain: string }, options: ListOptions): Promise<Page<ExecutionModel>>;
  /**
   * `list`, with only what the API's `Execution` shows of each row (id, phase, spec, closure):
   * materialising every column of a 100-row page costs several times the index read.
   */
  listViews(scope: { project: string; domain: string }, options: ListOptions): Promise<Page<ExecutionView>>;
  /** Executions of any version of a launch plan currently in one of `phases` (concurrency policy). */
  countByLaunchPlan(lp: NamedId, phases: readonly string[]): Promise<number>;
}

const LP = (part: string) => col(`launch_plan_${part}`);
const WF = (part: string) => col(`workflow_${part}`);

export const EXECUTION_LIST_SPEC: ListSpec = {
  entity: "execution",
  columns: {
    project: col("project"),
    domain: col("domain"),
    name: col("name"),
    phase: col("phase", { kind: "name", names: WORKFLOW_PHASE_NAMES }),
    mode: col("mode", { kind: "enum", values: enumValues(ExecutionMetadata_ExecutionMode) }),
    state: col("state", { kind: "enum", values: enumValues(ExecutionState) }),
    principal: col("principal"),
    user: col("principal"),
    cluster: col("cluster"),
    error_kind: col("error_kind"),
    error_code: col("error_code"),
    created_at: col("created_at", TIMESTAMP),
    updated_at: col("updated_at", TIMESTAMP),
    started_at: col("started_at", TIMESTAMP),
    duration_ms: col("duration_ms", INT),
    /** flyteadmin's `duration` filter: seconds or a Go duration (`execution.duration<200` in flytectl). */
    duration: col("duration_ms", DURATION),
    /** flyteadmin's column names for the same timestamps. */
    execution_created_at: col("created_at", TIMESTAMP),
    execution_updated_at: col("updated_at", TIMESTAMP),
    parent_node_id: col("parent_node_id"),
    /** An execution's tags (flyteadmin's `admin_tag` join): some tag must match. */
    "admin_tag.name": {
      column: "tag",
      type: STRING,
      related: {
        table: "execution_tags",
        outer: "executions",
        join: [
          ["project", "project"],
          ["domain", "domain"],
          ["name", "name"],
        ],
      },
    },
    "launch_plan.project": LP("project"),
    "launch_plan.domain": LP("domain"),
    "launch_plan.name": LP("name"),
    "launch_plan.version": LP("version"),
    "workflow.project": WF("project"),
    "workflow.domain": WF("domain"),
    "workflow.name": WF("name"),
    "workflow.version": WF("version"),
    "task.name": col("task_name"),
  },
  defaultSort: { key: "created_at", direction: "DESCENDING" },
  tieBreak: ["name"],
};

/**
 * The SELECT behind `ExecutionRepository.list` (exported so tests can inspect its query plan):
 * one project/domain, archived executions hidden unless the filters mention `state`, then the
 * request's filters, sort, limit and offset.
 */
export function executionListQuery(db: Db, scope: { project: string; domain: string }, options: ListOptions) {
  return listQuery(db.selectFrom("executions").selectAll(), scope, options);
}

function listQuery<O>(
  select: SelectQueryBuilder<Schema, "executions", O>,
  scope: { project: string; domain: string },
  options: ListOptions,
) {
  const terms = typeof options.filters === "string" ? parseFilters(options.filters) : (options.filters ?? []);
  let base = select.where("project", "=", scope.project).where("domain", "=", scope.domain);
  const mentionsState = terms.some((t) => t.field === "state" && (t.entity === undefined || t.entity === "execution"));
  if (!mentionsState) base = base.where("state", "=", ExecutionState.EXECUTION_ACTIVE);
  return applyListOptions(base, EXECUTION_LIST_SPEC, { ...options, filters: terms });
}

interface PendingCreate {
  execution: ExecutionModel;
  resolve: (inserted: boolean) => void;
  reject: (e: unknown) => void;
}

/** The columns of an execution row, in `executionToRow`'s order. */
const EXECUTION_COLUMNS = Object.keys(executionToRow(sampleExecution())) as (keyof ExecutionsTable)[];

const INSERT_EXECUTION = new QueryTemplate({
  arity: EXECUTION_COLUMNS.length,
  build: (db, args) =>
    db
      .insertInto("executions")
      .values(Object.fromEntries(EXECUTION_COLUMNS.map((c, i) => [c, args[i]])) as unknown as ExecutionsTable)
      .onConflict((oc) => oc.columns(["project", "domain", "name"]).doNothing()),
});

/** Inserts the row and its tags in `trx`; false (and nothing written) when the name is taken. */
async function insertExecution(trx: Db, execution: ExecutionModel): Promise<boolean> {
  const row = executionToRow(execution);
  const res = await INSERT_EXECUTION.execute(
    trx,
    EXECUTION_COLUMNS.map((c) => row[c]),
  );
  if ((res.numAffectedRows ?? 0n) === 0n) return false;
  const tags = [...new Set(execution.tags)];
  if (tags.length > 0) {
    await trx
      .insertInto("execution_tags")
      .values(tags.map((tag) => ({ ...execution.id, tag })))
      .execute();
  }
  return true;
}

export class KyselyExecutionRepository implements ExecutionRepository {
  private readonly db: Db;
  constructor(options: { db: Db }) {
    this.db = options.db;
  }

  /**
   * Outside a caller's transaction, concurrent creates are committed together (group commit):
   * the ones that arrive while the event loop is busy are inserted in one transaction at the next
   * turn, each still all-or-nothing with its tags and answered on its own (a taken name rejects
   * only that create). A commit costs more than the insert itself, on SQLite (the WAL append) as
   * on PostgreSQL (round trips); if the shared transaction fails, each create is retried alone.
   */
  async create(execution: ExecutionModel): Promise<void> {
    if (this.db.isTransaction) {
      if (!(await insertExecution(this.db, execution))) throw alreadyExists("execution", formatNamedId(execution.id));
      return;
    }
    const inserted = await new Promise<boolean>((resolve, reject) => {
      this.#pending.push({ execution, resolve, reject });
      if (this.#pending.length === 1) setImmediate(() => void this.#flush());
    });
    if (!inserted) throw alreadyExists("execution", formatNamedId(execution.id));
  }

  readonly #pending: PendingCreate[] = [];

  async #flush(): Promise<void> {
    const batch = this.#pending.splice(0, this.#pending.length);
    if (batch.length === 1) {
      const only = batch[0]!;
      await inTransaction(this.db, (trx) => insertExecution(trx, only.execution)).then(only.resolve, only.reject);
      return;
    }
    let results: boolean[];
    try {
      results = await inTransaction(this.db, async (trx) => {
        const out: boolean[] = [];
        for (const p of batch) out.push(await insertExecution(trx, p.execution));
        return out;
      });
    } catch {
      // One bad create must not fail the others: each on its own, with its own outcome.
      for (const p of batch) {
        await inTransaction(this.db, (trx) => insertExecution(trx, p.execution)).then(p.resolve, p.reject);
      }
      return;
    }
    batch.forEach((p, i) => p.resolve(results[i] ?? false));
  }

  async get(id: NamedId): Promise<ExecutionModel> {
    const row = await this.db
      .selectFrom("executions")
      .selectAll()
      .where("project", "=", id.project)
      .where("domain", "=", id.domain)
      .where("name", "=", id.name)
      .executeTakeFirst();
    if (!row) throw notFound("execution", formatNamedId(id));
    const tags = await this.tagsOf(id.project, id.domain, [id.name]);
    return executionFromRow(row, tags.get(id.name) ?? []);
  }

  async update(id: NamedId, patch: ExecutionPatch, ifPhase?: string): Promise<boolean> {
    const set = patchToRow(patch);
    if (Object.keys(set).length === 0) return ifPhase === undefined || (await this.get(id)).phase === ifPhase;
    let q = this.db
      .updateTable("executions")
      .set(set)
      .where("project", "=", id.project)
      .where("domain", "=", id.domain)
      .where("name", "=", id.name);
    if (ifPhase !== undefined) q = q.where("phase", "=", ifPhase);
    const res = await q.executeTakeFirst();
    if (res.numUpdatedRows > 0n) return true;
    await this.get(id);
    return false;
  }

  async list(scope: { project: string; domain: string }, options: ListOptions): Promise<Page<ExecutionModel>> {
    const { query, ...window } = executionListQuery(this.db, scope, options);
    const rows = await query.execute();
    const tags = await this.tagsOf(
      scope.project,
      scope.domain,
      rows.map((r) => r.name),
    );
    return toPage(rows, window, (r) => executionFromRow(r, tags.get(r.name) ?? []));
  }

  async listViews(scope: { project: string; domain: string }, options: ListOptions): Promise<Page<ExecutionView>> {
    const select = this.db.selectFrom("executions").select(["name", "phase", "spec", "closure"]);
    const { query, ...window } = listQuery(select, scope, options);
    const rows = await query.execute();
    return toPage(rows, window, (r) => ({
      id: { project: scope.project, domain: scope.domain, name: r.name },
      phase: r.phase,
      spec: fromDbBytes(r.spec),
      closure: fromDbBytes(r.closure),
    }));
  }

  async countByLaunchPlan(lp: NamedId, phases: readonly string[]): Promise<number> {
    if (phases.length === 0) return 0;
    const row = await this.db
      .selectFrom("executions")
      .select((eb) => eb.fn.countAll().as("n"))
      .where("launch_plan_project", "=", lp.project)
      .where("launch_plan_domain", "=", lp.domain)
      .where("launch_plan_name", "=", lp.name)
      .where("phase", "in", phases)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  private async tagsOf(project: string, domain: string, names: string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    if (names.length === 0) return out;
    const rows = await this.db
      .selectFrom("execution_tags")
      .select(["name", "tag"])
      .where("project", "=", project)
      .where("domain", "=", domain)
      .where("name", "in", names)
      .orderBy("tag")
      .execute();
    for (const r of rows) out.set(r.name, [...(out.get(r.name) ?? []), r.tag]);
    return out;
  }
}
