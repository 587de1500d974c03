import type { Entity } from "../entities/entity.js";
import type { FlyteType } from "../types/flyte-type.js";
import { containsRef, toBinding } from "./bindings.js";
import { AuthoringError, AuthoringErrorCode } from "./errors.js";
import type { BindingValue, GraphBuilder, GraphNode, NodeOverrides, NodeTarget } from "./graph.js";
import { makeRef, refData, START_NODE } from "./refs.js";

const NODE_ID = Symbol("flyte.nodeId");

export interface AddNodeOptions {
  readonly builder: GraphBuilder;
  readonly entity: Entity;
  readonly target: NodeTarget | ((id: string) => NodeTarget);
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly overrides?: NodeOverrides | undefined;
  /** Input types, when they differ from the entity's (map tasks take lists). */
  readonly inputTypes?: Readonly<Record<string, FlyteType<unknown>>>;
  readonly outputTypes?: Readonly<Record<string, FlyteType<unknown>>>;
  /** Inputs that may stay unbound (launch-plan defaults and fixed inputs). */
  readonly optional?: ReadonlySet<string>;
}

/** Adds a node calling `entity` to the graph, binding and checking every input. */
export function addNode(o: AddNodeOptions): GraphNode {
  const { builder, entity } = o;
  const id = builder.nextId();
  const label = `node ${id} (${entity.label})`;
  const inputTypes = o.inputTypes ?? entity.iface.inputs;
  const inputs = new Map<string, BindingValue>();
  for (const [name, value] of Object.entries(o.inputs)) {
    if (value === undefined) continue;
    const type = inputTypes[name];
    if (!type) {
      throw new AuthoringError(
        AuthoringErrorCode.VariableNameNotFound,
        `${builder.label}: ${entity.label} has no input '${name}' (${label}; its inputs: ${Object.keys(inputTypes).join(", ") || "none"})`,
        { node: id, variable: name },
      );
    }
    inputs.set(name, toBinding(value, type, `input '${name}' of ${label}`, builder));
  }
  for (const [name, type] of Object.entries(inputTypes)) {
    if (inputs.has(name) || o.optional?.has(name)) continue;
    if (name in entity.iface.defaults) {
      inputs.set(name, { kind: "value", value: entity.iface.defaults[name], type });
      continue;
    }
    throw new AuthoringError(
      AuthoringErrorCode.ParameterNotBound,
      `${builder.label}: input '${name}' of ${label} is not bound`,
      { node: id, variable: name },
    );
  }
  const node: GraphNode = {
    id,
    target: typeof o.target === "function" ? o.target(id) : o.target,
    inputs,
    outputs: o.outputTypes ?? entity.iface.outputs,
    after: new Set(),
    overrides: o.overrides ?? {},
    label,
  };
  builder.add(node);
  return node;
}

/** The promises a call returns: one ref (single output), a record of refs, or a node handle. */
export function outputRefs(node: GraphNode, single: boolean, builder: GraphBuilder): unknown {
  const refs: Record<string, unknown> = {};
  for (const [name, type] of Object.entries(node.outputs)) {
    refs[name] = makeRef({
      scope: builder.scope,
      nodeId: node.id,
      producer: node.label,
      varName: name,
      attrPath: [],
      type,
    });
  }
  if (single) return refs.o0;
  if (Object.keys(refs).length === 0) return { nodeId: node.id };
  Object.defineProperty(refs, NODE_ID, { value: node.id, enumerable: false });
  return Object.freeze(refs);
}

/** The node a call result came from (for `sequence`). */
export function nodeIdOf(result: unknown): string | undefined {
  const ref = refData(result);
  if (ref) return ref.nodeId === START_NODE ? undefined : ref.nodeId;
  if (typeof result === "object" && result !== null) {
    const tagged = (result as { [NODE_ID]?: string })[NODE_ID];
    if (tagged !== undefined) return tagged;
    const handle = (result as { nodeId?: unknown }).nodeId;
    if (typeof handle === "string") return handle;
  }
  return undefined;
}

/** Calling an entity outside a workflow: promises are a mistake; values run locally. */
export function callOutside<T>(
  entity: Entity,
  inputs: Readonly<Record<string, unknown>>,
  run: () => Promise<T>,
): Promise<T> {
  for (const [name, value] of Object.entries(inputs)) {
    if (containsRef(value)) {
      throw new AuthoringError(
        AuthoringErrorCode.PromiseOutsideWorkflow,
        `${entity.label} was called outside a workflow with a promise for input '${name}': ` +
          "promises only exist while a workflow body runs; call it inside the workflow body",
        { variable: name },
      );
    }
  }
  return run();
}
