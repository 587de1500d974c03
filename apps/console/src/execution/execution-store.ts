import { Code, ConnectError } from "@connectrpc/connect";
import type { Execution } from "@flyte-ts/idl/gen/flyteidl/admin/execution_pb";
import type { NodeExecution } from "@flyte-ts/idl/gen/flyteidl/admin/node_execution_pb";
import type { TaskExecution } from "@flyte-ts/idl/gen/flyteidl/admin/task_execution_pb";
import type { CompiledWorkflowClosure } from "@flyte-ts/idl/gen/flyteidl/core/compiler_pb";
import { NodeExecution_Phase } from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";
import type { WorkflowExecutionIdentifier } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import type { AdminClient } from "../api/admin-client.js";
import { errorMessage } from "../api/errors.js";
import { isWorkflowTerminal } from "../format/phase.js";
import { tsMillis } from "../format/time.js";
import { childIndex, EMPTY_INDEX, indexClosure, specNode, type NodeIndex } from "./node-info.js";

/** Top-level nodes are listed under this parent id. */
export const TOP = "";
/** Lists of at most this many nodes get their task executions (attempts, logs) fetched with them. */
const ATTEMPTS_FOR_LISTS_UP_TO = 50;
const PAGE = 1000;
const MAX_PAGES = 20;

/**
 * Everything the execution page shows, kept fresh by `poll()`: the execution, its node executions
 * (top level and under every expanded parent), task executions of small lists, and the compiled
 * workflow. Node lists are re-read in full when the execution's `updated_at` changes, and otherwise,
 * while it runs, only their rows updated since the newest one seen (`gte(updated_at, …)`), since node
 * events do not touch the execution row.
 */
export class ExecutionStore {
  execution: Execution | undefined;
  closure: CompiledWorkflowClosure | undefined;
  error: string | undefined;
  readonly lists = new Map<string, NodeExecution[]>();
  readonly expanded = new Set<string>();
  /** Parents whose children the graph draws (kept fresh like expanded ones, but not expanded in the table). */
  private readonly watched = new Set<string>();
  readonly taskExecutions = new Map<string, readonly TaskExecution[]>();
  /** Bumped on every change; React re-renders on it. */
  version = 0;
  private execUpdatedAt: number | undefined;
  private readonly newest = new Map<string, number>();
  private readonly attemptsSeenAt = new Map<string, number>();
  private closureLoading = false;
  /** Which list each node is in (its parent's id, TOP for the top level). */
  private readonly parentOf = new Map<string, string>();
  private readonly dynamicClosures = new Map<string, CompiledWorkflowClosure>();
  private indexes = new Map<string, NodeIndex>();
  private readonly client: AdminClient;
  private readonly id: WorkflowExecutionIdentifier;
  private readonly onChange: () => void;

  constructor(opts: { client: AdminClient; id: WorkflowExecutionIdentifier; onChange: () => void }) {
    this.client = opts.client;
    this.id = opts.id;
    this.onChange = opts.onChange;
  }

  get terminal(): boolean {
    return this.execution?.closure ? isWorkflowTerminal(this.execution.closure.phase) : false;
  }

  private changed(): void {
    this.indexes = new Map();
    this.version++;
    this.onChange();
  }

  /** One round: the execution, then node lists as needed. Returns whether to keep polling. */
  async poll(): Promise<boolean> {
    try {
      // The first round reads the nodes alongside the execution (the first view waits on both).
      const first = this.execution === undefined;
      const [ex] = await Promise.all([
        this.client.getExecution({ id: this.id }),
        first ? this.loadList(TOP, false) : undefined,
      ]);
      const updatedAt = tsMillis(ex.closure?.updatedAt) ?? 0;
      const full = !first && updatedAt !== this.execUpdatedAt;
      this.execution = ex;
      this.execUpdatedAt = updatedAt;
      this.error = undefined;
      if (full) await Promise.all(this.listIds().map((p) => this.loadList(p, false)));
      else if (!first && !this.terminal) await Promise.all(this.listIds().map((p) => this.loadList(p, true)));
      void this.loadClosure();
      this.changed();
      return !this.terminal;
    } catch (e) {
      this.error = errorMessage(e);
      this.changed();
      // An execution that does not exist will not appear by polling for it.
      return !(this.execution === undefined && e instanceof ConnectError && e.code === Code.NotFound);
    }
  }

  async expand(parentId: string): Promise<void> {
    this.expanded.add(parentId);
    this.changed();
    try {
      await Promise.all([this.loadList(parentId, false), this.loadDynamicClosure(parentId)]);
    } catch (e) {
      this.error = errorMessage(e);
    }
    this.changed();
  }

  /** A dynamic node's children are nodes of the workflow it generated at run time. */
  private async loadDynamicClosure(parentId: string): Promise<void> {
    const parent = this.node(parentId);
    if (!parent?.metadata?.isDynamic || this.dynamicClosures.has(parentId)) return;
    try {
      const r = await this.client.getDynamicNodeWorkflow({ id: parent.id });
      if (r.compiledWorkflow) this.dynamicClosures.set(parentId, r.compiledWorkflow);
    } catch {
      // Children then show without their spec (names and task types).
    }
  }

  node(nodeId: string): NodeExecution | undefined {
    const list = this.lists.get(this.parentOf.get(nodeId) ?? TOP);
    return list?.find((n) => n.id?.nodeId === nodeId);
  }

  /** The parent list a node is in. */
  parentIdOf(nodeId: string): string {
    return this.parentOf.get(nodeId) ?? TOP;
  }

  /** The spec nodes (and task templates) the node executions listed under `parentId` refer to. */
  indexFor(parentId: string): NodeIndex {
    const cached = this.indexes.get(parentId);
    if (cached) return cached;
    let index: NodeIndex;
    if (parentId === TOP) index = indexClosure(this.closure);
    else {
      const parent = this.node(parentId);
      const up = parent ? this.indexFor(this.parentIdOf(parentId)) : EMPTY_INDEX;
      const dyn = this.dynamicClosures.get(parentId);
      index = childIndex(parent ? specNode(parent, up) : undefined, this.closure, up.tasks, dyn);
    }
    this.indexes.set(parentId, index);
    return index;
  }

  private listIds(): string[] {
    return [TOP, ...new Set([...this.expanded, ...this.watched])];
  }

  /** Loads (and from then on refreshes) the children of parents the graph shows. */
  async watch(parentIds: readonly string[]): Promise<void> {
    const fresh = parentIds.filter((p) => !this.watched.has(p) && !this.expanded.has(p));
    for (const p of fresh) this.watched.add(p);
    if (fresh.length === 0) return;
    try {
      await Promise.all(fresh.map((p) => Promise.all([this.loadList(p, false), this.loadDynamicClosure(p)])));
    } catch (e) {
      this.error = errorMessage(e);
    }
    this.changed();
  }

  collapse(parentId: string): void {
    this.expanded.delete(parentId);
    this.changed();
  }

  /** Task executions of one node, fetched now (the node panel and large lists use this). */
  async attemptsOf(nodeId: string): Promise<readonly TaskExecution[]> {
    const list = await this.client.listTaskExecutions({
      nodeExecutionId: { nodeId, executionId: this.id },
      limit: 100,
    });
    const sorted = [...list.taskExecutions].sort((a, b) => (a.id?.retryAttempt ?? 0) - (b.id?.retryAttempt ?? 0));
    this.taskExecutions.set(nodeId, sorted);
    this.changed();
    return sorted;
  }

  private async loadList(parentId: string, delta: boolean): Promise<void> {
    const since = this.newest.get(parentId);
    const incremental = delta && since !== undefined;
    const fetched: NodeExecution[] = [];
    let token = "";
    for (let page = 0; page < MAX_PAGES; page++) {
      const res = await this.client.listNodeExecutions({
        workflowExecutionId: this.id,
        limit: PAGE,
        token,
        uniqueParentId: parentId,
        ...(incremental ? { filters: `gte(updated_at,${new Date(since).toISOString()})` } : {}),
      });
      fetched.push(...res.nodeExecutions);
      token = res.token;
      if (!token) break;
    }
    const list = incremental ? merge(this.lists.get(parentId) ?? [], fetched) : fetched;
    this.lists.set(parentId, list);
    for (const n of fetched) if (n.id) this.parentOf.set(n.id.nodeId, parentId);
    let newest = since ?? 0;
    for (const n of fetched) newest = Math.max(newest, tsMillis(n.closure?.updatedAt) ?? 0);
    this.newest.set(parentId, newest);
    // Attempts arrive after the rows: the table does not wait for them. Queued nodes' attempts are
    // read every round even when their row did not change: an attempt waiting for resources (and
    // its reason, how many are ahead) changes without touching the node.
    if (list.length <= ATTEMPTS_FOR_LISTS_UP_TO) {
      const got = new Set(fetched.map((n) => n.id?.nodeId));
      const queued = incremental ? list.filter((n) => isQueued(n) && !got.has(n.id?.nodeId)) : [];
      void this.loadAttempts(incremental ? [...fetched, ...queued] : list);
    }
  }

  /** Task executions of task nodes whose row changed since their attempts were last read. */
  private async loadAttempts(nodes: readonly NodeExecution[]): Promise<void> {
    const stale = nodes.filter((n) => {
      const id = n.id?.nodeId;
      if (!id || n.metadata?.isParentNode || n.closure?.targetMetadata.case !== "taskNodeMetadata") return false;
      return isQueued(n) || this.attemptsSeenAt.get(id) !== (tsMillis(n.closure.updatedAt) ?? 0);
    });
    await Promise.all(
      stale.map(async (n) => {
        const id = n.id?.nodeId ?? "";
        this.attemptsSeenAt.set(id, tsMillis(n.closure?.updatedAt) ?? 0);
        try {
          await this.attemptsOf(id);
        } catch {
          // Read again when the node changes; the row shows no attempts meanwhile.
          this.attemptsSeenAt.delete(id);
        }
      }),
    );
  }

  private async loadClosure(): Promise<void> {
    const wf = this.execution?.closure?.workflowId;
    if (this.closure || this.closureLoading || !wf) return;
    this.closureLoading = true;
    try {
      const w = await this.client.getWorkflow({ id: wf });
      this.closure = w.closure?.compiledWorkflow;
      this.changed();
    } catch {
      // The graph and node types need it; the rest of the page works without.
      this.closureLoading = false;
    }
  }

  /** Every node execution known, flattened (top level and under expanded parents). */
  allNodes(): NodeExecution[] {
    const out: NodeExecution[] = [];
    for (const l of this.lists.values()) out.push(...l);
    return out;
  }
}

/** A node not started yet: its task attempt may be waiting for resources. */
const isQueued = (n: NodeExecution): boolean =>
  n.closure?.phase === NodeExecution_Phase.QUEUED || n.closure?.phase === NodeExecution_Phase.UNDEFINED;

function merge(old: readonly NodeExecution[], fresh: readonly NodeExecution[]): NodeExecution[] {
  const byId = new Map(fresh.map((n) => [n.id?.nodeId ?? "", n]));
  const out = old.map((n) => {
    const id = n.id?.nodeId ?? "";
    const f = byId.get(id);
    if (f) byId.delete(id);
    return f ?? n;
  });
  out.push(...byId.values());
  return out;
}
