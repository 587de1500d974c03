import type { EngineEvent } from "@flyte-ts/engine";
import { paint } from "../output/format.js";
import { isTerminalPhase, NodeStates, type NodePhaseName, type NodeState } from "./node-states.js";

export interface ProgressRendererOptions {
  /** Where progress goes (stderr, so stdout keeps only the outputs). */
  readonly write: (text: string) => void;
  readonly color: boolean;
  /** On a terminal: redraw the node table in place. Otherwise one stable line per transition. */
  readonly interactive: boolean;
  /** Longest node table drawn in interactive mode; the rest is summed up in one line. */
  readonly maxRows?: number;
  readonly now?: () => number;
}

type Colour = "red" | "green" | "yellow" | "dim" | "bold";

export function phaseColour(p: NodePhaseName): Colour {
  switch (p) {
    case "SUCCEEDED":
    case "RECOVERED":
      return "green";
    case "FAILED":
    case "FAILING":
    case "ABORTED":
    case "TIMED_OUT":
      return "red";
    case "RUNNING":
    case "DYNAMIC_RUNNING":
      return "yellow";
    case "QUEUED":
    case "SKIPPED":
    case "UNDEFINED":
      return "dim";
    default: {
      const unknown: never = p;
      return unknown;
    }
  }
}

const firstLine = (text: string) => text.split("\n")[0] ?? "";

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)}s`;
  const m = Math.floor(ms / 60_000);
  return `${m}m${Math.round((ms % 60_000) / 1000)}s`;
}

/**
 * Shows per-node progress of a run from engine events: node id, name, phase in colour, duration.
 * Start and end nodes are left out; nested nodes are indented under their parent.
 */
export class ProgressRenderer {
  readonly states = new NodeStates();
  readonly #o: ProgressRendererOptions;
  readonly #now: () => number;
  #drawnLines = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #paused = false;

  constructor(options: ProgressRendererOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
  }

  onEvent = (e: EngineEvent): void => {
    const changed = this.states.update(e);
    if (!changed) return;
    if (!this.#o.interactive) {
      if (changed.phase !== "QUEUED" || changed.waitingReason !== undefined) this.#o.write(this.#line(changed) + "\n");
      return;
    }
    // Redraw at most every 50 ms: a map of a thousand items must not flood the terminal.
    this.#timer ??= setTimeout(() => {
      this.#timer = undefined;
      this.#redraw();
    }, 50);
  };

  /** Stops redrawing while something else uses the terminal (a prompt). */
  pause(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#o.interactive) this.#redraw();
    this.#paused = true;
  }

  /** Redraws again, below whatever was written meanwhile. */
  resume(): void {
    this.#paused = false;
    this.#drawnLines = 0;
    if (this.#o.interactive) this.#redraw();
  }

  /** Draws the final state (interactive mode) and stops redrawing. */
  finish(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#paused = false;
    if (this.#o.interactive) this.#redraw();
  }

  #line(n: NodeState): string {
    const c = this.#o.color;
    const indent = "  ".repeat(n.depth);
    const id = `${indent}${n.execution ? `${n.execution}/` : ""}${n.id}`.padEnd(16);
    const name = n.name.padEnd(18);
    const phase = paint(c, phaseColour(n.phase), n.phase.padEnd(15));
    // A transition line shows how long a finished node took; a redrawn table also how long a running one has run.
    const end = n.endedAtMs ?? (this.#o.interactive && n.startedAtMs !== undefined ? this.#now() : undefined);
    const duration = n.startedAtMs !== undefined && end !== undefined ? formatDuration(end - n.startedAtMs) : "";
    const retry =
      n.attempt > 1
        ? ` attempt ${n.attempt}${n.phase === "RUNNING" && n.previousAttemptError ? ` (the last one failed: ${firstLine(n.previousAttemptError)})` : ""}`
        : "";
    const waiting = n.waitingReason !== undefined && !isTerminalPhase(n.phase) ? ` ${firstLine(n.waitingReason)}` : "";
    return `  ${id} ${name} ${phase} ${paint(c, "dim", duration.padEnd(7))}${paint(c, "yellow", retry)}${paint(c, "yellow", waiting)}`.trimEnd();
  }

  #redraw(): void {
    if (this.#paused) return;
    const max = this.#o.maxRows ?? 40;
    const all = this.states.all;
    // Top-level nodes always; nested ones while they are not yet done, then the newest.
    const shown = all.length <= max ? all : all.filter((n) => n.depth === 0 || n.phase !== "SUCCEEDED").slice(0, max);
    const hidden = all.length - shown.length;
    const lines = shown.map((n) => this.#line(n));
    if (hidden > 0) {
      const done = all.filter((n) => n.phase === "SUCCEEDED" && !shown.includes(n)).length;
      lines.push(paint(this.#o.color, "dim", `  … ${hidden} more nodes (${done} succeeded)`));
    }
    const up = this.#drawnLines > 0 ? `\u001b[${this.#drawnLines}F` : "";
    this.#o.write(`${up}\u001b[J${lines.join("\n")}${lines.length > 0 ? "\n" : ""}`);
    this.#drawnLines = lines.length;
  }
}
