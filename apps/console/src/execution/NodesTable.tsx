import type { NodeExecution } from "@flyte-ts/idl/gen/flyteidl/admin/node_execution_pb";
import type { TaskExecution } from "@flyte-ts/idl/gen/flyteidl/admin/task_execution_pb";
import { NodeExecution_Phase } from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";
import { Empty } from "../components/States";
import { VirtualTable, type Column } from "../components/VirtualTable";
import { PhaseBadge } from "../format/phase-badge";
import { WaitingBadge } from "../format/waiting-badge";
import { nodePhaseGroup, nodePhaseName } from "../format/phase";
import { formatTime, liveDuration } from "../format/time";
import { TOP } from "./execution-store";
import { cacheStatusLabel, displayName, isExpandable, isSynthetic, nodeTypeLabel, type NodeIndex } from "./node-info";
import { waitingFor } from "./waiting";

interface Row {
  readonly ne: NodeExecution;
  readonly index: NodeIndex;
  readonly id: string;
  readonly depth: number;
  readonly expandable: boolean;
  readonly expanded: boolean;
  readonly loading: boolean;
  /** Its newest task attempt waits for resources: why (undefined when it does not wait). */
  readonly waiting: string | undefined;
}

const RUNNING = new Set([
  NodeExecution_Phase.QUEUED,
  NodeExecution_Phase.RUNNING,
  NodeExecution_Phase.DYNAMIC_RUNNING,
  NodeExecution_Phase.FAILING,
]);

/** Node phases in which a task attempt may wait for resources. */
const NOT_STARTED = new Set([NodeExecution_Phase.UNDEFINED, NodeExecution_Phase.QUEUED, NodeExecution_Phase.RUNNING]);

/** Depth-first rows: each expanded parent's children follow it. */
function flatten(
  lists: ReadonlyMap<string, readonly NodeExecution[]>,
  expanded: ReadonlySet<string>,
  indexFor: (parentId: string) => NodeIndex,
  taskExecutions: ReadonlyMap<string, readonly TaskExecution[]>,
): Row[] {
  const rows: Row[] = [];
  const walk = (parent: string, depth: number) => {
    const index = indexFor(parent);
    for (const ne of lists.get(parent) ?? []) {
      if (isSynthetic(ne)) continue;
      const id = ne.id?.nodeId ?? "";
      const expandable = isExpandable(ne);
      const open = expandable && expanded.has(id);
      const phase = ne.closure?.phase ?? NodeExecution_Phase.UNDEFINED;
      const waiting = NOT_STARTED.has(phase) ? waitingFor(taskExecutions.get(id)) : undefined;
      rows.push({ ne, index, id, depth, expandable, expanded: open, loading: open && !lists.has(id), waiting });
      if (open && depth < 20) walk(id, depth + 1);
    }
  };
  walk(TOP, 0);
  return rows;
}

export function NodesTable({
  lists,
  expanded,
  taskExecutions,
  indexFor,
  now,
  selected,
  onSelect,
  onToggle,
}: {
  lists: ReadonlyMap<string, readonly NodeExecution[]>;
  expanded: ReadonlySet<string>;
  taskExecutions: ReadonlyMap<string, readonly TaskExecution[]>;
  indexFor: (parentId: string) => NodeIndex;
  now: number;
  selected: string | undefined;
  onSelect: (nodeId: string) => void;
  onToggle: (nodeId: string, open: boolean) => void;
}) {
  const rows = flatten(lists, expanded, indexFor, taskExecutions);
  // A waiting row's reason is text beside its badge: the column widens while one waits.
  const anyWaiting = rows.some((r) => r.waiting !== undefined);
  if (!lists.has(TOP)) return null;
  if (rows.length === 0) return <Empty>No nodes have started yet.</Empty>;
  const columns: Column<Row>[] = [
    {
      id: "node",
      header: "Node",
      width: "minmax(180px, 2fr)",
      cell: (r) => (
        <span style={{ paddingLeft: r.depth * 18 }}>
          {r.expandable ? (
            <button
              type="button"
              className="expander"
              aria-expanded={r.expanded}
              aria-label={`${r.expanded ? "Collapse" : "Expand"} ${r.id}`}
              onClick={(e) => {
                e.stopPropagation();
                onToggle(r.id, !r.expanded);
              }}
            >
              {r.expanded ? "▾" : "▸"}
            </button>
          ) : (
            <span style={{ display: "inline-block", width: 20 }} />
          )}
          <span className="mono" title={r.id}>
            {r.ne.metadata?.specNodeId || r.id}
          </span>
          {displayName(r.ne, r.index) !== (r.ne.metadata?.specNodeId || r.id) && (
            <span className="muted"> {displayName(r.ne, r.index)}</span>
          )}
          {r.loading && <span className="muted"> loading…</span>}
        </span>
      ),
    },
    {
      id: "status",
      header: "Status",
      width: anyWaiting ? "minmax(110px, 3fr)" : "110px",
      cell: (r) => {
        if (r.waiting !== undefined) return <WaitingBadge reason={r.waiting} />;
        const p = r.ne.closure?.phase ?? NodeExecution_Phase.UNDEFINED;
        return <PhaseBadge name={nodePhaseName(p)} group={nodePhaseGroup(p)} />;
      },
    },
    {
      id: "type",
      header: "Type",
      width: "110px",
      cell: (r) => <span className="mono">{nodeTypeLabel(r.ne, r.index)}</span>,
    },
    { id: "start", header: "Start", width: "170px", cell: (r) => formatTime(r.ne.closure?.startedAt) },
    {
      id: "duration",
      header: "Duration",
      width: "90px",
      cell: (r) =>
        liveDuration(r.ne.closure?.startedAt, r.ne.closure?.duration, RUNNING.has(r.ne.closure?.phase ?? 0), now),
    },
    {
      id: "attempts",
      header: "Attempts",
      width: "70px",
      cell: (r) => {
        const tes = taskExecutions.get(r.id);
        return tes && tes.length > 0 ? String(tes.length) : "—";
      },
    },
    { id: "cache", header: "Cache", width: "90px", cell: (r) => cacheStatusLabel(r.ne) },
    {
      id: "logs",
      header: "Logs",
      width: "minmax(80px, 1fr)",
      cell: (r) => {
        const tes = taskExecutions.get(r.id);
        const logs = tes?.[tes.length - 1]?.closure?.logs ?? [];
        if (logs.length === 0) return <span className="muted">—</span>;
        return (
          <span>
            {logs.map((l) => (
              <a
                key={l.uri}
                href={l.uri}
                target="_blank"
                rel="noreferrer"
                onClick={(e) => e.stopPropagation()}
                style={{ marginRight: 8 }}
              >
                {l.name || "logs"}
              </a>
            ))}
          </span>
        );
      },
    },
  ];
  return (
    <VirtualTable
      rows={rows}
      columns={columns}
      rowKey={(r) => r.id}
      label="Nodes"
      selectedKey={selected}
      onSelect={(r) => onSelect(r.id)}
      testId="nodes-table"
    />
  );
}
