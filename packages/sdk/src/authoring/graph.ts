import type { FlyteType } from "../types/flyte-type.js";
import type { DurationLike } from "./duration.js";
import { AuthoringError, AuthoringErrorCode } from "./errors.js";
import type { RefData } from "./refs.js";
import type { Entity } from "../entities/entity.js";
import type { ResourceSpec } from "../entities/task-options.js";

/** How a node input gets its value: a promise, a constant, or a list/map mixing both. */
export type BindingValue =
  | { readonly kind: "ref"; readonly ref: RefData }
  | { readonly kind: "value"; readonly value: unknown; readonly type: FlyteType<unknown> }
  | { readonly kind: "list"; readonly items: readonly BindingValue[] }
  | { readonly kind: "map"; readonly entries: Readonly<Record<string, BindingValue>> };

/** A boolean expression of a branch case. */
export type Condition =
  | { readonly kind: "compare"; readonly op: CompareOp; readonly left: Operand; readonly right: Operand }
  | { readonly kind: "and" | "or"; readonly left: Condition; readonly right: Condition };
export type CompareOp = "eq" | "ne" | "gt" | "gte" | "lt" | "lte";
export type Operand =
  | { readonly kind: "ref"; readonly ref: RefData }
  | { readonly kind: "value"; readonly value: unknown; readonly type: FlyteType<unknown> | undefined };

export interface BranchCase {
  readonly condition: Condition;
  readonly node: GraphNode;
}
export interface BranchSpec {
  readonly name: string;
  readonly cases: readonly BranchCase[];
  readonly otherwise: { readonly node: GraphNode } | { readonly failMessage: string };
}

export interface ArraySpec {
  readonly sub: GraphNode;
  readonly concurrency: number | undefined;
  readonly minSuccesses: number | undefined;
  readonly minSuccessRatio: number | undefined;
  readonly boundInputs: readonly string[];
}

export type GateSpec =
  | { readonly kind: "sleep"; readonly duration: DurationLike }
  | { readonly kind: "approve"; readonly signalId: string }
  | { readonly kind: "signal"; readonly signalId: string; readonly type: FlyteType<unknown> };

/** What a node runs. */
export type NodeTarget =
  | { readonly kind: "task"; readonly entity: Entity }
  | { readonly kind: "workflow"; readonly entity: Entity }
  | { readonly kind: "launchPlan"; readonly entity: Entity }
  | { readonly kind: "branch"; readonly branch: BranchSpec }
  | { readonly kind: "array"; readonly array: ArraySpec; readonly entity: Entity }
  | { readonly kind: "gate"; readonly gate: GateSpec };

/** Per-node settings (flytekit's `with_overrides`). */
export interface NodeOverrides {
  readonly name?: string;
  readonly retries?: number;
  readonly timeout?: DurationLike;
  readonly interruptible?: boolean;
  readonly resources?: { readonly requests?: ResourceSpec; readonly limits?: ResourceSpec };
  readonly image?: string;
  readonly cache?: boolean;
}

export interface GraphNode {
  readonly id: string;
  readonly target: NodeTarget;
  /** Bound inputs, in binding order. */
  readonly inputs: Map<string, BindingValue>;
  /** The node's output variables and types. */
  readonly outputs: Readonly<Record<string, FlyteType<unknown>>>;
  /** Explicit ordering dependencies (`sequence`), beyond those implied by promises. */
  readonly after: Set<string>;
  readonly overrides: NodeOverrides;
  /** For messages: `node n1 (task 'add')`. */
  readonly label: string;
}

/** Builds one workflow graph while its body runs. */
export class GraphBuilder {
  /** Identity of this graph, carried by its promises. */
  readonly scope: object = {};
  readonly nodes: GraphNode[] = [];
  private counter = 0;
  private readonly captures: { prefix: string; counter: number; nodes: GraphNode[] }[] = [];

  constructor(readonly label: string) {}

  /** The next node id: `n0`, `n1`, ... or `n3-n0` inside branch `n3`. */
  nextId(): string {
    const cap = this.captures.at(-1);
    if (cap) return `${cap.prefix}-n${cap.counter++}`;
    return `n${this.counter++}`;
  }

  add(node: GraphNode): void {
    const cap = this.captures.at(-1);
    (cap ? cap.nodes : this.nodes).push(node);
  }

  /** Nodes created while `fn` runs go to a branch case instead of the workflow. */
  capture<T>(prefix: string, counterStart: number, fn: () => T): { result: T; nodes: GraphNode[]; next: number } {
    const cap = { prefix, counter: counterStart, nodes: [] as GraphNode[] };
    this.captures.push(cap);
    try {
      const result = fn();
      return { result, nodes: cap.nodes, next: cap.counter };
    } finally {
      this.captures.pop();
    }
  }

  /** Starts sending new nodes to a branch case (ended by `endCapture`). */
  beginCapture(prefix: string, counterStart: number): void {
    this.captures.push({ prefix, counter: counterStart, nodes: [] });
  }

  /** Ends the innermost capture and returns what it collected. */
  endCapture(): { nodes: GraphNode[]; next: number } {
    const cap = this.captures.pop();
    if (!cap) throw new Error("endCapture without beginCapture");
    return { nodes: cap.nodes, next: cap.counter };
  }

  find(id: string): GraphNode | undefined {
    return this.nodes.find((n) => n.id === id);
  }
}

const stack: GraphBuilder[] = [];

/** The workflow whose body is running, if any. */
export function currentBuilder(): GraphBuilder | undefined {
  return stack.at(-1);
}

/** Runs a workflow body with `builder` as the current graph. */
export function withBuilder<T>(builder: GraphBuilder, fn: () => T): T {
  stack.push(builder);
  try {
    const result = fn();
    if (result instanceof Promise) {
      throw new AuthoringError(
        AuthoringErrorCode.InvalidWorkflowBody,
        `${builder.label}: the body must be a plain (not async) function; it runs once to build the graph`,
      );
    }
    return result;
  } finally {
    stack.pop();
  }
}
