import { useCallback, useEffect, useMemo, useRef, useState, type ReactElement } from "react";
import {
  Background,
  Controls,
  MarkerType,
  ReactFlow,
  type EdgeTypes,
  type NodeTypes,
  type ReactFlowInstance,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import "./graph.css";
import type { NodeExecution } from "@flyte-ts/idl/gen/flyteidl/admin/node_execution_pb";
import type { CompiledWorkflowClosure } from "@flyte-ts/idl/gen/flyteidl/core/compiler_pb";
import { buildGraphModel } from "./graph-model.js";
import { layoutGraph, type GraphLayout } from "./layout.js";
import { structureKey, toFlowElements, type FlowEdge, type FlowNode } from "./flow-elements.js";
import { GraphActionsContext, GraphNodeView, type GraphActions } from "./GraphNodeView.js";
import type { GraphNode } from "./graph-types.js";
import { RouteEdge } from "./RouteEdge.js";
import { PHASE_CLASSES, phaseLabel } from "./phase-class.js";

export interface ExecutionGraphProps {
  readonly closure?: CompiledWorkflowClosure;
  readonly nodeExecutions: readonly NodeExecution[];
  readonly selectedNodeId?: string;
  readonly onSelectNode?: (nodeId: string) => void;
  /**
   * Called with the node-execution ids of parents (branches, expanded sub-workflows, map and
   * dynamic nodes) whose children are drawn but missing from `nodeExecutions`; load them (list
   * node executions with that unique parent id) and pass them in. Each id is asked for once.
   */
  readonly onNeedChildren?: (parentNodeIds: readonly string[]) => void;
  /**
   * Workflows that dynamic nodes generated (GetDynamicNodeWorkflow), by the dynamic node's
   * node-execution id: such a node then expands in place like a sub-workflow.
   */
  readonly dynamicWorkflows?: ReadonlyMap<string, CompiledWorkflowClosure>;
}

const nodeTypes: NodeTypes = { graph: GraphNodeView };
const edgeTypes: EdgeTypes = { route: RouteEdge };
const defaultEdgeOptions = { markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 } };

/**
 * The workflow's DAG with live phases: laid out by ELK (left to right), drawn by React Flow.
 * Sub-workflows expand in place; branches show their cases with the taken one lit. Status
 * updates recolour nodes without a new layout; only a change of structure lays out again.
 */
export function ExecutionGraph(props: ExecutionGraphProps): ReactElement {
  const { closure, nodeExecutions, selectedNodeId, onSelectNode, onNeedChildren, dynamicWorkflows } = props;
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const model = useMemo(
    () => buildGraphModel({ closure, nodeExecutions, expanded, dynamicWorkflows }),
    [closure, nodeExecutions, expanded, dynamicWorkflows],
  );
  const key = useMemo(() => structureKey(model), [model]);
  const requested = useRef(new Set<string>());
  useEffect(() => {
    if (!onNeedChildren) return;
    const ids = model.nodes
      .filter((n) => n.needsChildren === true && n.executionNodeId !== "" && !requested.current.has(n.executionNodeId))
      .map((n) => n.executionNodeId);
    if (ids.length === 0) return;
    for (const id of ids) requested.current.add(id);
    onNeedChildren(ids);
  }, [model, onNeedChildren]);
  const [laidOut, setLaidOut] = useState<{ key: string; layout: GraphLayout } | undefined>();
  const [error, setError] = useState<string | undefined>();
  const latest = useRef(model);
  latest.current = model;
  useEffect(() => {
    let cancelled = false;
    layoutGraph(latest.current).then(
      (layout) => {
        if (!cancelled) setLaidOut({ key, layout });
      },
      (e: unknown) => {
        if (!cancelled) setError(e instanceof Error ? e.message : String(e));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [key]);

  const flow = useMemo(
    () => (laidOut ? toFlowElements(model, laidOut.layout, selectedNodeId) : { nodes: [], edges: [] }),
    [model, laidOut, selectedNodeId],
  );

  const instance = useRef<ReactFlowInstance<FlowNode, FlowEdge> | undefined>(undefined);
  useEffect(() => {
    if (!laidOut) return;
    const id = setTimeout(() => void instance.current?.fitView({ padding: 0.12, maxZoom: 1.2 }), 0);
    return () => clearTimeout(id);
  }, [laidOut]);

  const toggle = useCallback((g: GraphNode) => {
    setExpanded((prev) => {
      const next = new Set(prev);
      if (next.has(g.id)) next.delete(g.id);
      else next.add(g.id);
      return next;
    });
  }, []);
  const actions = useMemo<GraphActions>(
    () => ({ select: (g) => onSelectNode?.(g.executionNodeId), toggle }),
    [onSelectNode, toggle],
  );

  if (!closure?.primary?.template) {
    return (
      <div className="execution-graph execution-graph-empty state" role="status">
        No workflow graph for this execution.
      </div>
    );
  }
  const large = flow.nodes.length > 150;
  return (
    <div className="execution-graph" role="region" aria-label="Execution graph" aria-busy={laidOut?.key !== key}>
      {error !== undefined && (
        <div className="state error" role="alert">
          Could not lay out the graph: {error}
        </div>
      )}
      {!laidOut && error === undefined && (
        <div className="execution-graph-loading state" role="status">
          Laying out {model.nodes.length} nodes…
        </div>
      )}
      <GraphActionsContext.Provider value={actions}>
        <div className="execution-graph-canvas">
          <ReactFlow<FlowNode, FlowEdge>
            nodes={flow.nodes}
            edges={flow.edges}
            nodeTypes={nodeTypes}
            edgeTypes={edgeTypes}
            defaultEdgeOptions={defaultEdgeOptions}
            onInit={(i) => {
              instance.current = i;
            }}
            fitView
            fitViewOptions={{ padding: 0.12, maxZoom: 1.2 }}
            minZoom={0.05}
            maxZoom={2}
            nodesDraggable={false}
            nodesConnectable={false}
            nodesFocusable={false}
            edgesFocusable={false}
            elementsSelectable={false}
            onlyRenderVisibleElements={large}
            proOptions={{ hideAttribution: true }}
          >
            <Background gap={20} size={1} />
            <Controls showInteractive={false} />
          </ReactFlow>
        </div>
      </GraphActionsContext.Provider>
      <ul className="graph-legend" aria-label="Phase colours">
        {PHASE_CLASSES.map((p) => (
          <li key={p}>
            <span className={`graph-swatch graph-seg-${p}`} aria-hidden="true" />
            {phaseLabel(p)}
          </li>
        ))}
      </ul>
    </div>
  );
}
