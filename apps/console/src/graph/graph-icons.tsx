import type { ReactElement } from "react";
import type { GraphNodeKind } from "./graph-types.js";

/** Line icons per node kind (SVG, so they do not depend on the fonts installed). */
const PATHS: Record<GraphNodeKind, ReactElement> = {
  start: <path d="M5 3.5v9l7-4.5z" fill="currentColor" stroke="none" />,
  end: <rect x="4" y="4" width="8" height="8" rx="1" fill="currentColor" stroke="none" />,
  task: <rect x="3.5" y="3.5" width="9" height="9" rx="2" />,
  subworkflow: (
    <>
      <rect x="2.5" y="2.5" width="7" height="7" rx="1.5" />
      <rect x="6.5" y="6.5" width="7" height="7" rx="1.5" />
    </>
  ),
  launchplan: <path d="M5 11 11 5M6 5h5v5" />,
  branch: <path d="M8 14V8M8 8 3.5 3M8 8l4.5-5" />,
  gate: <path d="M6 4v8M10 4v8" />,
  array: <path d="M3 4.5h10M3 8h10M3 11.5h10" />,
  group: <path d="M3.5 8h.01M8 8h.01M12.5 8h.01" strokeWidth="3" />,
};

export function GraphIcon({ kind }: { kind: GraphNodeKind }): ReactElement {
  return (
    <svg
      className="graph-icon"
      viewBox="0 0 16 16"
      width="24"
      height="24"
      aria-hidden="true"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      {PATHS[kind]}
    </svg>
  );
}
