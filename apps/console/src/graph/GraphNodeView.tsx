import { createContext, memo, useContext, type ReactElement } from "react";
import { Handle, Position, type NodeProps } from "@xyflow/react";
import type { FlowNode } from "./flow-elements.js";
import type { GraphNode, GraphNodeKind, PhaseCounts } from "./graph-types.js";
import { PHASE_CLASSES, phaseLabel } from "./phase-class.js";
import { GraphIcon } from "./graph-icons.js";

export interface GraphActions {
  readonly select: (node: GraphNode) => void;
  readonly toggle: (node: GraphNode) => void;
}

export const GraphActionsContext = createContext<GraphActions>({ select: () => undefined, toggle: () => undefined });

const KIND_NAMES: Record<GraphNodeKind, string> = {
  start: "start",
  end: "end",
  task: "task",
  subworkflow: "sub-workflow",
  launchplan: "launch plan",
  branch: "branch",
  gate: "gate",
  array: "map task",
  group: "group",
};

function classes(g: GraphNode, selected: boolean): string {
  return [
    "graph-node",
    `graph-kind-${g.kind}`,
    `graph-phase-${g.phase}`,
    g.dimmed ? "graph-dimmed" : "",
    selected ? "graph-selected" : "",
    g.container ? "graph-container" : "",
  ]
    .filter((c) => c !== "")
    .join(" ");
}

function PhaseBar({ counts }: { counts: PhaseCounts }): ReactElement {
  const total = PHASE_CLASSES.reduce((s, p) => s + (counts[p] ?? 0), 0);
  const parts = PHASE_CLASSES.filter((p) => (counts[p] ?? 0) > 0);
  const summary = parts.map((p) => `${counts[p] ?? 0} ${phaseLabel(p)}`).join(", ");
  return (
    <div className="graph-phasebar" role="img" aria-label={summary} title={summary}>
      {parts.map((p) => (
        <span
          key={p}
          className={`graph-seg graph-seg-${p}`}
          style={{ flexGrow: (counts[p] ?? 0) / Math.max(total, 1) }}
        />
      ))}
    </div>
  );
}

function GraphNodeViewImpl({ data }: NodeProps<FlowNode>): ReactElement {
  const { g, isSelected } = data;
  const actions = useContext(GraphActionsContext);
  const handles = (
    <>
      <Handle type="target" position={Position.Left} isConnectable={false} className="graph-handle" />
      <Handle type="source" position={Position.Right} isConnectable={false} className="graph-handle" />
    </>
  );
  if (g.kind === "start" || g.kind === "end") {
    return (
      <div className={classes(g, false)} data-phase={g.phase} title={g.label}>
        {handles}
        <GraphIcon kind={g.kind} />
        <span className="graph-terminal-label">{g.label}</span>
      </div>
    );
  }
  const canExpand = g.expandable;
  const name = `${g.caseLabel ? `${g.caseLabel}: ` : ""}${g.label}, ${KIND_NAMES[g.kind]}, ${phaseLabel(g.phase)}${g.dimmed ? ", not taken" : ""}`;
  const selectable = g.executionNodeId !== "";
  return (
    <div className={classes(g, isSelected)} data-phase={g.phase} data-node-id={g.executionNodeId || undefined}>
      {handles}
      <div className="graph-node-head">
        <button
          type="button"
          className="graph-node-main nodrag nopan"
          aria-label={name}
          aria-pressed={selectable ? isSelected : undefined}
          title={g.detail}
          onClick={() => (selectable ? actions.select(g) : canExpand && actions.toggle(g))}
        >
          <GraphIcon kind={g.kind} />
          <span className="graph-text">
            <span className="graph-label">
              {g.caseLabel && <span className="graph-case">{g.caseLabel}</span>}
              {g.label}
            </span>
            <span className="graph-detail">{g.detail}</span>
          </span>
        </button>
        {canExpand && (
          <button
            type="button"
            className="graph-toggle nodrag nopan"
            aria-expanded={g.expanded}
            aria-label={`${g.expanded ? "Collapse" : "Expand"} ${g.label}`}
            onClick={() => actions.toggle(g)}
          >
            {g.expanded ? "−" : "+"}
          </button>
        )}
      </div>
      {g.counts && !g.container && <PhaseBar counts={g.counts} />}
    </div>
  );
}

export const GraphNodeView = memo(GraphNodeViewImpl);
