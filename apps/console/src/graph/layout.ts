import ElkBundled from "elkjs/lib/elk.bundled.js";
import type { ELK, ElkExtendedEdge, ElkNode } from "elkjs/lib/elk-api.js";
import type { GraphModel, GraphNode } from "./graph-types.js";

export interface Box {
  /** Relative to the parent container (or the canvas at top level), as React Flow wants it. */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface GraphLayout {
  readonly boxes: ReadonlyMap<string, Box>;
  /** Each edge's route (start, bends, end) in canvas coordinates. */
  readonly routes: ReadonlyMap<string, readonly Point[]>;
  readonly width: number;
  readonly height: number;
}

/** Container header height (title line) and inner padding. */
export const CONTAINER_HEADER = 34;
const CONTAINER_PADDING = 14;

/** The size of a leaf node, by kind. */
export function nodeSize(node: GraphNode): { width: number; height: number } {
  switch (node.kind) {
    case "start":
    case "end":
      return { width: 44, height: 44 };
    case "gate":
      return { width: 170, height: 52 };
    case "branch":
      return { width: 180, height: 56 };
    case "array":
    case "group":
      return { width: 210, height: 70 };
    case "task":
    case "subworkflow":
    case "launchplan":
      return { width: 190, height: node.counts ? 70 : 56 };
    default:
      return ((x: never) => x)(node.kind);
  }
}

const ROOT_OPTIONS: Record<string, string> = {
  "elk.algorithm": "layered",
  "elk.direction": "RIGHT",
  "elk.layered.spacing.nodeNodeBetweenLayers": "56",
  "elk.spacing.nodeNode": "22",
  "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
  "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES",
  "elk.edgeRouting": "ORTHOGONAL",
  "elk.layered.spacing.edgeNodeBetweenLayers": "16",
};

/** Edge routes in canvas coordinates, whatever container the edge is in. */
const TOP_OPTIONS: Record<string, string> = { ...ROOT_OPTIONS, "elk.json.edgeCoords": "ROOT" };

const CONTAINER_OPTIONS: Record<string, string> = {
  ...ROOT_OPTIONS,
  "elk.padding": `[top=${CONTAINER_HEADER + CONTAINER_PADDING},left=${CONTAINER_PADDING},bottom=${CONTAINER_PADDING},right=${CONTAINER_PADDING}]`,
  "elk.spacing.nodeNode": "14",
};

/** The ELK input graph for a model: containers hold their children and the edges between them. */
export function toElkGraph(model: GraphModel): ElkNode {
  const elkNodes = new Map<string, ElkNode>();
  const root: ElkNode = { id: "__root__", layoutOptions: TOP_OPTIONS, children: [], edges: [] };
  for (const n of model.nodes) {
    const elk: ElkNode = n.container
      ? { id: n.id, layoutOptions: CONTAINER_OPTIONS, children: [], edges: [] }
      : { id: n.id, ...nodeSize(n) };
    elkNodes.set(n.id, elk);
  }
  for (const n of model.nodes) {
    const parent = n.parentId === undefined ? root : (elkNodes.get(n.parentId) ?? root);
    const node = elkNodes.get(n.id);
    if (node) parent.children?.push(node);
  }
  for (const e of model.edges) {
    if (!elkNodes.has(e.source) || !elkNodes.has(e.target)) continue;
    const owner = e.parentId === undefined ? root : (elkNodes.get(e.parentId) ?? root);
    const edge: ElkExtendedEdge = { id: e.id, sources: [e.source], targets: [e.target] };
    owner.edges?.push(edge);
  }
  // A container with no children still needs a size to be drawn.
  for (const n of model.nodes) {
    const elk = elkNodes.get(n.id);
    if (n.container && elk && (elk.children?.length ?? 0) === 0) {
      elk.width = nodeSize(n).width;
      elk.height = CONTAINER_HEADER + 2 * CONTAINER_PADDING;
    }
  }
  return root;
}

type ElkConstructor = new () => ELK;
/** The bundle is CommonJS: a bundler hands us the class, Node's ESM loader may hand us `{ default }`. */
const bundled: unknown = ElkBundled;
const ElkClass = ((bundled as { default?: ElkConstructor }).default ?? bundled) as ElkConstructor;
let elk: ELK | undefined;

/** Lays the model out left to right with ELK's layered algorithm (in this thread, no worker). */
export async function layoutGraph(model: GraphModel): Promise<GraphLayout> {
  elk ??= new ElkClass();
  const result = await elk.layout(toElkGraph(model));
  const boxes = new Map<string, Box>();
  const routes = new Map<string, Point[]>();
  const visit = (n: ElkNode): void => {
    for (const e of n.edges ?? []) {
      const points = (e.sections ?? []).flatMap((s) => [s.startPoint, ...(s.bendPoints ?? []), s.endPoint]);
      if (points.length >= 2)
        routes.set(
          e.id,
          points.map((p) => ({ x: p.x, y: p.y })),
        );
    }
    for (const c of n.children ?? []) {
      boxes.set(c.id, { x: c.x ?? 0, y: c.y ?? 0, width: c.width ?? 0, height: c.height ?? 0 });
      visit(c);
    }
  };
  visit(result);
  return { boxes, routes, width: result.width ?? 0, height: result.height ?? 0 };
}
