import { callOutside, outputRefs } from "../authoring/call.js";
import { currentBuilder, type GraphBuilder, type GraphNode, type NodeOverrides } from "../authoring/graph.js";
import type { Entity } from "./entity.js";

const ENTITY = Symbol.for("flyte.entity");

/** The entity behind a callable (task, workflow, launch plan), or undefined. */
export function entityOf(value: unknown): Entity | undefined {
  if ((typeof value !== "function" && typeof value !== "object") || value === null) return undefined;
  return (value as { [ENTITY]?: Entity })[ENTITY];
}

export interface CallHooks {
  /** Adds the node for a call inside a workflow body. */
  readonly inWorkflow: (
    builder: GraphBuilder,
    inputs: Readonly<Record<string, unknown>>,
    overrides: NodeOverrides,
  ) => GraphNode;
  /** Runs the entity for a call outside any workflow. */
  readonly outside: (inputs: Readonly<Record<string, unknown>>) => Promise<unknown>;
}

/** Makes the function users call: a node inside a workflow body, a local run outside. */
export function makeCallable<P extends object>(
  entity: Entity,
  hooks: CallHooks,
  props: P,
): P & ((...args: unknown[]) => unknown) {
  const call = (overrides: NodeOverrides) => (inputs?: Readonly<Record<string, unknown>>) => {
    const given = inputs ?? {};
    const builder = currentBuilder();
    if (!builder) return callOutside(entity, given, () => hooks.outside(given));
    const node = hooks.inWorkflow(builder, given, overrides);
    return outputRefs(node, entity.iface.single, builder);
  };
  const fn = call({});
  Object.defineProperty(fn, ENTITY, { value: entity, enumerable: false });
  Object.defineProperty(fn, "withOverrides", { value: (o: NodeOverrides) => call(o), enumerable: false });
  Object.defineProperty(fn, "entity", { value: entity, enumerable: true });
  for (const [k, v] of Object.entries(props)) Object.defineProperty(fn, k, { value: v, enumerable: true });
  return fn as P & ((...args: unknown[]) => unknown);
}
