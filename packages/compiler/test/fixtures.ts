import { create } from "@bufbuild/protobuf";
import { compileWorkflow } from "../src/compile-workflow.js";
import type { CompileError } from "../src/errors.js";
import type { literals } from "@flyte-ts/idl";
import {
  CompiledTaskSchema,
  type CompiledTask,
  type CompiledWorkflowClosure,
} from "@flyte-ts/idl/gen/flyteidl/core/compiler_pb";
import { IdentifierSchema, ResourceType, type Identifier } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import {
  TypedInterfaceSchema,
  VariableMapSchema,
  VariableSchema,
  type TypedInterface,
} from "@flyte-ts/idl/gen/flyteidl/core/interface_pb";
import {
  BindingDataSchema,
  BindingSchema,
  type Binding,
  type BindingData,
} from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { ContainerSchema, TaskTemplateSchema } from "@flyte-ts/idl/gen/flyteidl/core/tasks_pb";
import {
  OutputReferenceSchema,
  PromiseAttributeSchema,
  type LiteralType,
} from "@flyte-ts/idl/gen/flyteidl/core/types_pb";
import {
  NodeSchema,
  TaskNodeSchema,
  WorkflowTemplateSchema,
  type Node,
  type WorkflowTemplate,
} from "@flyte-ts/idl/gen/flyteidl/core/workflow_pb";

/** Small builders for hand-made workflows in tests. */
export function id(name: string, resourceType: ResourceType = ResourceType.TASK): Identifier {
  return create(IdentifierSchema, { resourceType, project: "p", domain: "d", name, version: "v1" });
}

export function iface(inputs: Record<string, LiteralType>, outputs: Record<string, LiteralType>): TypedInterface {
  const vars = (m: Record<string, LiteralType>) =>
    create(VariableMapSchema, {
      variables: Object.fromEntries(Object.entries(m).map(([k, type]) => [k, create(VariableSchema, { type })])),
    });
  return create(TypedInterfaceSchema, { inputs: vars(inputs), outputs: vars(outputs) });
}

export function task(
  name: string,
  inputs: Record<string, LiteralType>,
  outputs: Record<string, LiteralType>,
): CompiledTask {
  return create(CompiledTaskSchema, {
    template: create(TaskTemplateSchema, {
      id: id(name),
      type: "python-task",
      interface: iface(inputs, outputs),
      target: { case: "container", value: create(ContainerSchema, { image: "img", args: ["run"] }) },
    }),
  });
}

export function promise(nodeId: string, v: string, attrPath: (string | number)[] = []): BindingData {
  return create(BindingDataSchema, {
    value: {
      case: "promise",
      value: create(OutputReferenceSchema, {
        nodeId,
        var: v,
        attrPath: attrPath.map((a) =>
          create(PromiseAttributeSchema, {
            value: typeof a === "number" ? { case: "intValue", value: a } : { case: "stringValue", value: a },
          }),
        ),
      }),
    },
  });
}

export function constant(l: ReturnType<typeof literals.integer>): BindingData {
  if (l.value.case !== "scalar") throw new Error("constant() takes a scalar literal");
  return create(BindingDataSchema, { value: { case: "scalar", value: l.value.value } });
}

export function list(items: BindingData[]): BindingData {
  return create(BindingDataSchema, { value: { case: "collection", value: { bindings: items } } });
}

export function bindings(m: Record<string, BindingData>): Binding[] {
  return Object.entries(m).map(([v, binding]) => create(BindingSchema, { var: v, binding }));
}

export function taskNode(
  nodeId: string,
  taskName: string,
  inputs: Record<string, BindingData>,
  upstreamNodeIds: string[] = [],
): Node {
  return create(NodeSchema, {
    id: nodeId,
    inputs: bindings(inputs),
    upstreamNodeIds,
    target: {
      case: "taskNode",
      value: create(TaskNodeSchema, { reference: { case: "referenceId", value: id(taskName) } }),
    },
  });
}

export function workflow(
  name: string,
  io: { inputs?: Record<string, LiteralType>; outputs?: Record<string, LiteralType> },
  nodes: Node[],
  outputs: Record<string, BindingData> = {},
): WorkflowTemplate {
  return create(WorkflowTemplateSchema, {
    id: id(name, ResourceType.WORKFLOW),
    interface: iface(io.inputs ?? {}, io.outputs ?? {}),
    nodes,
    outputs: bindings(outputs),
  });
}

/** Compiles and returns the errors (empty when the workflow compiled). */
export function compileErrors(input: Parameters<typeof compileWorkflow>[0]): CompileError[] {
  const r = compileWorkflow(input);
  return r.ok ? [] : r.errors;
}

/** Compiles and returns the closure, failing with the errors when it does not compile. */
export function mustCompile(input: Parameters<typeof compileWorkflow>[0]): CompiledWorkflowClosure {
  const r = compileWorkflow(input);
  if (!r.ok) throw new Error(r.errors.map((e) => `[${e.code}] ${e.message}`).join("\n"));
  return r.value;
}

/** The connections of the primary workflow as plain `id → sorted ids` objects. */
export function connections(c: CompiledWorkflowClosure): {
  upstream: Record<string, string[]>;
  downstream: Record<string, string[]>;
} {
  const plain = (m: Record<string, { ids: string[] }> | undefined) =>
    Object.fromEntries(Object.entries(m ?? {}).map(([k, v]) => [k, [...v.ids]]));
  return { upstream: plain(c.primary?.connections?.upstream), downstream: plain(c.primary?.connections?.downstream) };
}
