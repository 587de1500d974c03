import { typeToString } from "@flyte-ts/idl";
import { typesEqualIgnoringSideInfo } from "@flyte-ts/core";
import { nodeIdOf, outputRefs } from "./call.js";
import { conditionOf, type Cond } from "./conditions.js";
import { AuthoringError, AuthoringErrorCode } from "./errors.js";
import {
  currentBuilder,
  type BindingValue,
  type BranchCase,
  type Condition,
  type GraphBuilder,
  type GraphNode,
  type Operand,
} from "./graph.js";
import { describeRef, refData, START_NODE, type RefData } from "./refs.js";

/** What a case runs: the result of one call (task, workflow, launch plan or nested conditional). */
type CaseResult = object;

/** A conditional before its first case: start with `.if(condition)`. */
export interface ConditionalStart {
  /** The first case. */
  if(condition: Cond): FirstThen;
}
/** After `.if(...)`: give the first case with `.then(...)`; its outputs fix every case's outputs (`R`). */
export interface FirstThen {
  /** What runs when the condition holds: a call made here, or a function making it. */
  then<R extends CaseResult>(result: R | (() => R)): Cases<R>;
}
/** After a case: add another with `.elif(...)`, or end with `.else()`. */
export interface Cases<R> {
  /** Another case, tried when the earlier ones do not hold. */
  elif(condition: Cond): NextThen<R>;
  /** The last case: what happens when no condition holds. */
  else(): ElseThen<R>;
}
/** After `.elif(...)`: give the case with `.then(...)`, producing the same outputs as the first. */
export interface NextThen<R> {
  /** What runs when the condition holds: a call made here, or a function making it. */
  then(result: R | (() => R)): Cases<R>;
}
/** After `.else()`: the case that runs when no condition holds, or `.fail(message)`. */
export interface ElseThen<R> {
  /** What runs when no condition holds; returns the conditional's outputs. */
  then(result: R | (() => R)): R;
  /** Fails the workflow with `message` when no case holds. */
  fail(message: string): R;
}

/**
 * Branches a workflow (Flyte's branch node), flytekit style:
 *
 * ```ts
 * conditional("fractions").if(lt(x, 0.5)).then(double({ n: x })).else().then(square({ n: x }))
 * ```
 */
export function conditional(name: string): ConditionalStart {
  const builder = currentBuilder();
  if (!builder) {
    throw new AuthoringError(
      AuthoringErrorCode.InvalidBranch,
      `conditional '${name}' must be used inside a workflow body`,
    );
  }
  const state = new BranchState(builder, name, builder.nextId());
  return {
    if: (c) => {
      state.open(c);
      return { then: (r) => state.close(r) };
    },
  };
}

class BranchState {
  private readonly cases: BranchCase[] = [];
  private pending: Condition | undefined;
  private counter = 0;
  private single = false;

  constructor(
    private readonly builder: GraphBuilder,
    private readonly name: string,
    private readonly id: string,
  ) {}

  private get label(): string {
    return `${this.builder.label}: conditional '${this.name}' (node ${this.id})`;
  }

  open(c: Cond): void {
    const cond = conditionOf(c);
    this.checkCondition(cond);
    this.pending = cond;
    this.builder.beginCapture(this.id, this.counter);
  }

  close<R>(result: R | (() => R)): Cases<R> {
    const node = this.captured(result);
    const condition = this.pending;
    if (!condition) throw new AuthoringError(AuthoringErrorCode.InvalidBranch, `${this.label}: then() without if()`);
    this.cases.push({ condition, node });
    this.pending = undefined;
    return {
      elif: (c) => {
        this.open(c);
        return { then: (r) => this.close(r) };
      },
      else: () => {
        // The case's call is evaluated before `.then(...)` runs: capture from here.
        this.builder.beginCapture(this.id, this.counter);
        return {
          then: (r) => this.finish({ node: this.captured(r) }) as R,
          fail: (message) => {
            const { nodes } = this.builder.endCapture();
            if (nodes.length > 0) {
              throw new AuthoringError(
                AuthoringErrorCode.InvalidBranch,
                `${this.label}: else().fail(...) cannot run nodes`,
              );
            }
            return this.finish({ failMessage: message }) as R;
          },
        };
      },
    };
  }

  /** Ends the open capture and returns the one node the case created. */
  private captured<R>(result: R | (() => R)): GraphNode {
    let value: unknown;
    let nodes: GraphNode[];
    try {
      value = typeof result === "function" ? (result as () => R)() : result;
    } finally {
      const cap = this.builder.endCapture();
      nodes = cap.nodes;
      this.counter = cap.next;
    }
    const producer = nodeIdOf(value);
    const node = nodes.length === 1 ? nodes[0] : undefined;
    if (!node || node.id !== producer) {
      throw new AuthoringError(
        AuthoringErrorCode.InvalidBranch,
        `${this.label}: each case must be exactly one call (a task, workflow, launch plan or nested conditional) made in the case, got ${nodes.length} node(s)`,
      );
    }
    if (this.cases.length === 0) this.single = refData(value) !== undefined;
    return node;
  }

  private finish(otherwise: { node: GraphNode } | { failMessage: string }): unknown {
    const all = [...this.cases.map((c) => c.node), ...("node" in otherwise ? [otherwise.node] : [])];
    const first = all[0];
    if (!first) throw new AuthoringError(AuthoringErrorCode.InvalidBranch, `${this.label} has no case`);
    for (const n of all.slice(1)) this.checkSameOutputs(first, n);
    const node: GraphNode = {
      id: this.id,
      target: { kind: "branch", branch: { name: this.name, cases: this.cases, otherwise } },
      inputs: this.operandBindings(),
      outputs: first.outputs,
      after: new Set(),
      overrides: { name: this.name },
      label: `node ${this.id} (conditional '${this.name}')`,
    };
    this.builder.add(node);
    return outputRefs(node, this.single, this.builder);
  }

  private checkSameOutputs(a: GraphNode, b: GraphNode): void {
    const an = Object.keys(a.outputs).sort().join(", ");
    const bn = Object.keys(b.outputs).sort().join(", ");
    const same =
      an === bn &&
      Object.entries(a.outputs).every(([k, t]) => {
        const other = b.outputs[k];
        return other !== undefined && typesEqualIgnoringSideInfo(t.literalType, other.literalType);
      });
    if (!same) {
      throw new AuthoringError(
        AuthoringErrorCode.InvalidBranch,
        `${this.label}: every case must produce the same outputs; ${a.label} gives (${an}) but ${b.label} gives (${bn})`,
      );
    }
  }

  private checkCondition(c: Condition): void {
    if (c.kind !== "compare") {
      this.checkCondition(c.left);
      this.checkCondition(c.right);
      return;
    }
    for (const o of [c.left, c.right]) {
      if (o.kind === "ref" && o.ref.scope !== this.builder.scope) {
        throw new AuthoringError(
          AuthoringErrorCode.InvalidBranch,
          `${this.label}: ${describeRef(o.ref)} is a promise of another workflow`,
        );
      }
    }
    if (
      c.left.kind === "ref" &&
      c.right.kind === "ref" &&
      !typesEqualIgnoringSideInfo(c.left.ref.type.literalType, c.right.ref.type.literalType)
    ) {
      throw new AuthoringError(
        AuthoringErrorCode.MismatchingTypes,
        `${this.label}: cannot compare ${describeRef(c.left.ref)} (${typeToString(c.left.ref.type.literalType)}) ` +
          `with ${describeRef(c.right.ref)} (${typeToString(c.right.ref.type.literalType)}): operand types must be identical`,
      );
    }
  }

  private operandBindings(): Map<string, BindingValue> {
    const out = new Map<string, BindingValue>();
    const visit = (c: Condition) => {
      if (c.kind !== "compare") {
        visit(c.left);
        visit(c.right);
        return;
      }
      for (const o of [c.left, c.right] as Operand[])
        if (o.kind === "ref") out.set(operandVar(o.ref), { kind: "ref", ref: o.ref });
    };
    this.cases.forEach((c) => visit(c.condition));
    return out;
  }
}

/** The branch-node input name of a promise used in a condition: `.a` or `n0.o0` (flytekit's form). */
export function operandVar(ref: RefData): string {
  const path = ref.attrPath.map((p) => `.${p}`).join("");
  return `${ref.nodeId === START_NODE ? "" : ref.nodeId}.${ref.varName}${path}`;
}
