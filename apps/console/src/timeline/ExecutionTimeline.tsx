import { useMemo, useState, type ReactElement } from "react";
import "./timeline.css";
import type { NodeExecution } from "@flyte-ts/idl/gen/flyteidl/admin/node_execution_pb";
import type { TaskExecution } from "@flyte-ts/idl/gen/flyteidl/admin/task_execution_pb";
import { phaseLabel } from "../graph/phase-class.js";
import { buildTimelineModel, type TimelineRow, type TimelineSegment } from "./timeline-model.js";
import { formatDuration, timeTicks, visibleRange } from "./time-axis.js";

export interface ExecutionTimelineProps {
  readonly nodeExecutions: readonly NodeExecution[];
  readonly taskExecutions?: ReadonlyMap<string, readonly TaskExecution[]>;
  /** Epoch ms; running bars grow to it. */
  readonly now: number;
  readonly onSelectNode?: (nodeId: string) => void;
  /** The node whose row is highlighted (the one the page's node panel shows). */
  readonly selectedNodeId?: string;
}

const ROW_HEIGHT = 30;
const VIEWPORT_HEIGHT = 420;

/**
 * A Gantt chart of node executions and their attempts: queued stretches hatched, running
 * stretches in phase colours, on a time axis from the first start. Only the rows in view are
 * rendered, so a thousand-node execution scrolls smoothly.
 */
export function ExecutionTimeline(props: ExecutionTimelineProps): ReactElement {
  const { nodeExecutions, taskExecutions, now, onSelectNode, selectedNodeId } = props;
  const model = useMemo(
    () => buildTimelineModel({ nodeExecutions, taskExecutions, now }),
    [nodeExecutions, taskExecutions, now],
  );
  const [scrollTop, setScrollTop] = useState(0);
  const span = model.end - model.start;
  const ticks = useMemo(() => timeTicks(span), [span]);
  const pct = (t: number): string => `${((100 * (t - model.start)) / span).toFixed(3)}%`;
  const width = (a: number, b: number): string => `${Math.max(0.15, (100 * (b - a)) / span).toFixed(3)}%`;

  if (model.rows.length === 0) {
    return (
      <div className="execution-timeline state" role="status">
        No node has started yet.
      </div>
    );
  }
  const height = Math.min(VIEWPORT_HEIGHT, model.rows.length * ROW_HEIGHT);
  const { first, last } = visibleRange(scrollTop, height, ROW_HEIGHT, model.rows.length);
  const visible = model.rows.slice(first, last);

  const bar = (row: TimelineRow, s: TimelineSegment, i: number): ReactElement => {
    const what = s.kind === "queued" ? "queued" : phaseLabel(s.phase);
    const attempt = s.attempt === undefined ? "" : ` (attempt ${s.attempt + 1})`;
    return (
      <span
        key={i}
        className={`timeline-bar timeline-${s.kind} timeline-phase-${s.phase}`}
        style={{ left: pct(s.start), width: width(s.start, s.end) }}
        title={`${row.nodeId}: ${what}${attempt}, ${formatDuration(s.end - s.start)}`}
      />
    );
  };

  return (
    <div className="execution-timeline" role="region" aria-label="Execution timeline">
      <div className="timeline-axis" aria-hidden="true">
        <div className="timeline-label-col">Node</div>
        <div className="timeline-track">
          {ticks.map((t) => (
            <span key={t.offset} className="timeline-tick" style={{ left: pct(model.start + t.offset) }}>
              {t.label}
            </span>
          ))}
        </div>
      </div>
      <div className="timeline-body" style={{ height }} onScroll={(e) => setScrollTop(scrollTopOf(e.currentTarget))}>
        <ul
          className="timeline-rows"
          aria-label={`${model.rows.length} nodes`}
          style={{ height: model.rows.length * ROW_HEIGHT }}
        >
          {visible.map((row, i) => {
            const duration =
              row.start !== undefined && row.end !== undefined ? formatDuration(row.end - row.start) : "";
            return (
              <li
                key={row.nodeId}
                className={`timeline-row timeline-row-${row.phase}${row.nodeId === selectedNodeId ? " timeline-row-selected" : ""}`}
                style={{ top: (first + i) * ROW_HEIGHT, height: ROW_HEIGHT }}
                aria-setsize={model.rows.length}
                aria-posinset={first + i + 1}
              >
                <button
                  type="button"
                  className="timeline-label-col timeline-label"
                  onClick={() => onSelectNode?.(row.nodeId)}
                  aria-pressed={row.nodeId === selectedNodeId}
                  aria-label={`${row.label}, ${phaseLabel(row.phase)}${duration ? `, ${duration}` : ""}${row.attempts > 1 ? `, ${row.attempts} attempts` : ""}`}
                  title={row.label}
                >
                  <span className={`timeline-dot timeline-phase-${row.phase}`} aria-hidden="true" />
                  {row.label}
                </button>
                <div className="timeline-track">
                  {ticks.map((t) => (
                    <span key={t.offset} className="timeline-grid" style={{ left: pct(model.start + t.offset) }} />
                  ))}
                  {row.segments.map((s, k) => bar(row, s, k))}
                  {duration !== "" && (
                    <span className="timeline-duration" style={{ left: pct(row.end ?? model.start) }}>
                      {duration}
                    </span>
                  )}
                </div>
              </li>
            );
          })}
        </ul>
      </div>
    </div>
  );
}

/** The element's scroll offset (typed structurally: lint runs without the DOM lib). */
function scrollTopOf(element: unknown): number {
  return (element as { scrollTop: number }).scrollTop;
}
