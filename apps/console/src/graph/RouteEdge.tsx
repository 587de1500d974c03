import { memo, type ReactElement } from "react";
import { BaseEdge, getBezierPath, type EdgeProps } from "@xyflow/react";
import type { FlowEdge } from "./flow-elements.js";
import type { Point } from "./layout.js";

const RADIUS = 8;

/** An SVG path through ELK's orthogonal route, with rounded corners. */
export function routePath(points: readonly Point[]): string {
  const [first, ...rest] = points;
  if (!first) return "";
  let d = `M${first.x},${first.y}`;
  for (let i = 0; i < rest.length; i++) {
    const p = rest[i];
    const prev = i === 0 ? first : rest[i - 1];
    const next = rest[i + 1];
    if (!p || !prev) continue;
    if (!next) {
      d += ` L${p.x},${p.y}`;
      continue;
    }
    const r = Math.min(RADIUS, dist(prev, p) / 2, dist(p, next) / 2);
    const a = toward(p, prev, r);
    const b = toward(p, next, r);
    d += ` L${a.x},${a.y} Q${p.x},${p.y} ${b.x},${b.y}`;
  }
  return d;
}

const dist = (a: Point, b: Point): number => Math.hypot(a.x - b.x, a.y - b.y);
function toward(from: Point, to: Point, r: number): Point {
  const d = dist(from, to);
  return d === 0 ? from : { x: from.x + ((to.x - from.x) * r) / d, y: from.y + ((to.y - from.y) * r) / d };
}

function RouteEdgeImpl(props: EdgeProps<FlowEdge>): ReactElement {
  const points = props.data?.points;
  const path =
    points && points.length >= 2
      ? routePath(points)
      : getBezierPath({
          sourceX: props.sourceX,
          sourceY: props.sourceY,
          sourcePosition: props.sourcePosition,
          targetX: props.targetX,
          targetY: props.targetY,
          targetPosition: props.targetPosition,
        })[0];
  return <BaseEdge id={props.id} path={path} {...(props.markerEnd ? { markerEnd: props.markerEnd } : {})} />;
}

export const RouteEdge = memo(RouteEdgeImpl);
