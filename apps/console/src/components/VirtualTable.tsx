import { useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { visibleRange } from "./windowing";

export interface Column<R> {
  readonly id: string;
  readonly header: string;
  /** CSS grid track, e.g. `120px` or `2fr`. */
  readonly width: string;
  readonly cell: (row: R) => ReactNode;
}

/**
 * A table that renders only its visible rows (fixed row height), so thousands of rows cost the same
 * as a screenful. Rows (role row in a role grid) are focusable; Enter selects, ArrowUp/ArrowDown move focus.
 */
export function VirtualTable<R>({
  rows,
  columns,
  rowKey,
  rowHeight = 36,
  maxHeight = 600,
  label,
  selectedKey,
  onSelect,
  testId,
}: {
  rows: readonly R[];
  columns: readonly Column<R>[];
  rowKey: (row: R) => string;
  rowHeight?: number;
  maxHeight?: number;
  label: string;
  selectedKey?: string | undefined;
  onSelect?: (row: R) => void;
  testId?: string;
}) {
  const bodyRef = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const height = Math.min(maxHeight, Math.max(rowHeight, rows.length * rowHeight));
  const [viewport, setViewport] = useState(height);
  useLayoutEffect(() => {
    if (bodyRef.current) setViewport(bodyRef.current.clientHeight || height);
  }, [height]);
  const { start, end } = visibleRange({ scrollTop, viewportHeight: viewport, rowHeight, count: rows.length });
  const template = columns.map((c) => c.width).join(" ");
  const focusRow = (i: number) => {
    const body = bodyRef.current;
    if (!body || i < 0 || i >= rows.length) return;
    const top = i * rowHeight;
    if (top < body.scrollTop) body.scrollTop = top;
    else if (top + rowHeight > body.scrollTop + body.clientHeight) body.scrollTop = top + rowHeight - body.clientHeight;
    setScrollTop(body.scrollTop);
    requestAnimationFrame(() => body.querySelector<HTMLElement>(`[data-index="${i}"]`)?.focus());
  };
  const onKey = (e: KeyboardEvent<HTMLDivElement>, row: R, i: number) => {
    if (e.target !== e.currentTarget) return;
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      onSelect?.(row);
    } else if (e.key === "ArrowDown") {
      e.preventDefault();
      focusRow(i + 1);
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      focusRow(i - 1);
    }
  };
  const visible = rows.slice(start, end);
  return (
    <div
      className="vtable"
      role="grid"
      aria-label={label}
      aria-rowcount={rows.length + 1}
      data-testid={testId}
      data-row-count={rows.length}
    >
      <div className="vhead" role="row" aria-rowindex={1} style={{ gridTemplateColumns: template }}>
        {columns.map((c) => (
          <div key={c.id} role="columnheader">
            {c.header}
          </div>
        ))}
      </div>
      <div className="vbody" ref={bodyRef} style={{ height }} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
        <div style={{ height: rows.length * rowHeight }} role="presentation">
          {visible.map((row, j) => {
            const i = start + j;
            const key = rowKey(row);
            return (
              <div
                key={key}
                className="vrow"
                role="row"
                aria-rowindex={i + 2}
                aria-selected={key === selectedKey}
                data-index={i}
                data-row-key={key}
                tabIndex={0}
                style={{ top: i * rowHeight, height: rowHeight, gridTemplateColumns: template }}
                onClick={() => onSelect?.(row)}
                onKeyDown={(e) => onKey(e, row, i)}
              >
                {columns.map((c) => (
                  <div key={c.id} role="gridcell">
                    {c.cell(row)}
                  </div>
                ))}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
