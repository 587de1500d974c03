import type { FlyteType } from "../types/flyte-type.js";
import { toBinding } from "./bindings.js";
import { AuthoringError, AuthoringErrorCode } from "./errors.js";
import { GraphBuilder, withBuilder, type BindingValue, type GraphNode } from "./graph.js";
import type { EntityInterface } from "./interface.js";
import { makeRef, START_NODE } from "./refs.js";

export interface BuiltGraph {
  readonly nodes: readonly GraphNode[];
  readonly outputs: ReadonlyMap<string, BindingValue>;
}

/**
 * Runs a workflow body once to build its graph. `inputs` gives the body its arguments: promises
 * of the workflow inputs (a workflow) or real values (a dynamic task at run time).
 */
export function buildGraph(
  label: string,
  iface: EntityInterface,
  body: (inputs: Record<string, unknown>) => unknown,
  inputs?: Readonly<Record<string, unknown>>,
): BuiltGraph {
  const builder = new GraphBuilder(label);
  const args: Record<string, unknown> = inputs ? { ...inputs } : inputRefs(builder, iface.inputs);
  const returned = withBuilder(builder, () => body(args));
  const outputs = bindOutputs(builder, iface, returned);
  if (builder.nodes.length === 0 && !inputs) {
    throw new AuthoringError(
      AuthoringErrorCode.InvalidWorkflowBody,
      `${label} has no nodes: call at least one task in its body`,
    );
  }
  return { nodes: builder.nodes, outputs };
}

function inputRefs(
  builder: GraphBuilder,
  types: Readonly<Record<string, FlyteType<unknown>>>,
): Record<string, unknown> {
  const refs: Record<string, unknown> = {};
  for (const [name, type] of Object.entries(types)) {
    refs[name] = makeRef({
      scope: builder.scope,
      nodeId: START_NODE,
      producer: "workflow inputs",
      varName: name,
      attrPath: [],
      type,
    });
  }
  return refs;
}

function bindOutputs(builder: GraphBuilder, iface: EntityInterface, returned: unknown): Map<string, BindingValue> {
  const out = new Map<string, BindingValue>();
  const names = Object.keys(iface.outputs);
  if (names.length === 0) return out;
  let record: Record<string, unknown>;
  if (iface.single) {
    record = { o0: returned };
  } else {
    if (typeof returned !== "object" || returned === null) {
      throw new AuthoringError(
        AuthoringErrorCode.ParameterNotBound,
        `${builder.label}: the body must return an object binding outputs ${names.join(", ")}`,
      );
    }
    record = returned as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (!(key in iface.outputs)) {
        throw new AuthoringError(
          AuthoringErrorCode.VariableNameNotFound,
          `${builder.label}: the body returns '${key}', which is not a declared output (outputs: ${names.join(", ")})`,
          { variable: key },
        );
      }
    }
  }
  for (const [name, type] of Object.entries(iface.outputs)) {
    const value = record[name];
    if (value === undefined) {
      throw new AuthoringError(
        AuthoringErrorCode.ParameterNotBound,
        `${builder.label}: output '${name}' is not bound`,
        {
          variable: name,
        },
      );
    }
    out.set(name, toBinding(value, type, `output '${name}'`, builder));
  }
  return out;
}
