import { create } from "@bufbuild/protobuf";
import {
  ComparisonExpression_Operator,
  BooleanExpressionSchema,
  ComparisonExpressionSchema,
  OperandSchema,
} from "@flyte-ts/idl/gen/flyteidl/core/condition_pb";
import { CompiledTaskSchema, type CompiledTask } from "@flyte-ts/idl/gen/flyteidl/core/compiler_pb";
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
  PrimitiveSchema,
  type Binding,
} from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { ContainerSchema, TaskTemplateSchema } from "@flyte-ts/idl/gen/flyteidl/core/tasks_pb";
import { LiteralTypeSchema, OutputReferenceSchema, SimpleType } from "@flyte-ts/idl/gen/flyteidl/core/types_pb";
import {
  BranchNodeSchema,
  IfBlockSchema,
  IfElseBlockSchema,
  NodeSchema,
  TaskNodeSchema,
  WorkflowNodeSchema,
  WorkflowTemplateSchema,
  type Node,
  type WorkflowTemplate,
} from "@flyte-ts/idl/gen/flyteidl/core/workflow_pb";

/** A generated workflow: the inputs `compileWorkflow` takes. */
export interface GeneratedWorkflow {
  readonly primary: WorkflowTemplate;
  readonly subWorkflows: WorkflowTemplate[];
  readonly tasks: CompiledTask[];
  /** Nodes in total, counting branch cases and sub-workflow nodes. */
  readonly nodeCount: number;
}

export const SHAPES = ["chain", "fan-out", "nested-branches", "sub-workflows"] as const;
export type Shape = (typeof SHAPES)[number];

const INT = create(LiteralTypeSchema, { type: { case: "simple", value: SimpleType.INTEGER } });

function ident(name: string, resourceType: ResourceType): Identifier {
  return create(IdentifierSchema, { resourceType, project: "bench", domain: "development", name, version: "v1" });
}
function io(inputs: string[], outputs: string[]): TypedInterface {
  const vars = (names: string[]) =>
    create(VariableMapSchema, {
      variables: Object.fromEntries(names.map((n) => [n, create(VariableSchema, { type: INT })])),
    });
  return create(TypedInterfaceSchema, { inputs: vars(inputs), outputs: vars(outputs) });
}
const INC = ident("bench.inc", ResourceType.TASK);
const incTask = (): CompiledTask =>
  create(CompiledTaskSchema, {
    template: create(TaskTemplateSchema, {
      id: INC,
      type: "python-task",
      interface: io(["x"], ["o"]),
      target: { case: "container", value: create(ContainerSchema, { image: "img", args: ["run"] }) },
    }),
  });
function bind(v: string, nodeId: string, out: string): Binding {
  const promise = create(OutputReferenceSchema, { nodeId, var: out });
  return create(BindingSchema, {
    var: v,
    binding: create(BindingDataSchema, { value: { case: "promise", value: promise } }),
  });
}
function taskNode(id: string, from: string, out: string): Node {
  return create(NodeSchema, {
    id,
    inputs: [bind("x", from, out)],
    target: { case: "taskNode", value: create(TaskNodeSchema, { reference: { case: "referenceId", value: INC } }) },
  });
}
function chainOf(prefix: string, n: number, from: string, out: string): Node[] {
  const nodes: Node[] = [];
  for (let i = 0; i < n; i++)
    nodes.push(taskNode(`${prefix}${i}`, i === 0 ? from : `${prefix}${i - 1}`, i === 0 ? out : "o"));
  return nodes;
}
function wf(name: string, nodes: Node[], outFrom: string): WorkflowTemplate {
  return create(WorkflowTemplateSchema, {
    id: ident(name, ResourceType.WORKFLOW),
    interface: io(["a"], ["o"]),
    nodes,
    outputs: [bind("o", outFrom, "o")],
  });
}

/** x -> n0 -> n1 -> ... -> n(N-1) */
function chain(n: number): GeneratedWorkflow {
  return {
    primary: wf("bench.chain", chainOf("n", n, "start-node", "a"), `n${n - 1}`),
    subWorkflows: [],
    tasks: [incTask()],
    nodeCount: n,
  };
}

/** N independent nodes all reading the workflow input. */
function fanOut(n: number): GeneratedWorkflow {
  const nodes: Node[] = [];
  for (let i = 0; i < n; i++) nodes.push(taskNode(`n${i}`, "start-node", "a"));
  return { primary: wf("bench.fanout", nodes, "n0"), subWorkflows: [], tasks: [incTask()], nodeCount: n };
}

function branch(id: string, from: string, out: string, thenNode: Node, elseNode: Node): Node {
  const comparison = create(ComparisonExpressionSchema, {
    operator: ComparisonExpression_Operator.GT,
    leftValue: create(OperandSchema, { val: { case: "var", value: "x" } }),
    rightValue: create(OperandSchema, {
      val: { case: "primitive", value: create(PrimitiveSchema, { value: { case: "integer", value: 0n } }) },
    }),
  });
  const ifElse = create(IfElseBlockSchema, {
    case: create(IfBlockSchema, {
      condition: create(BooleanExpressionSchema, { expr: { case: "comparison", value: comparison } }),
      thenNode,
    }),
    default: { case: "elseNode", value: elseNode },
  });
  return create(NodeSchema, {
    id,
    inputs: [bind("x", from, out)],
    target: { case: "branchNode", value: create(BranchNodeSchema, { ifElse }) },
  });
}

/** A chain of two-level branches: b_i = if x>0: (if x>0: t else t) else t — 5 nodes per unit. */
function nestedBranches(n: number): GeneratedWorkflow {
  const units = Math.max(1, Math.round(n / 5));
  const nodes: Node[] = [];
  for (let i = 0; i < units; i++) {
    const from = i === 0 ? "start-node" : `b${i - 1}`;
    const out = i === 0 ? "a" : "o";
    const inner = branch(`i${i}`, from, out, taskNode(`t${i}`, from, out), taskNode(`e${i}`, from, out));
    nodes.push(branch(`b${i}`, from, out, inner, taskNode(`f${i}`, from, out)));
  }
  return {
    primary: wf("bench.branches", nodes, `b${units - 1}`),
    subWorkflows: [],
    tasks: [incTask()],
    nodeCount: units * 5,
  };
}

/** A chain of workflow nodes, each calling its own sub-workflow of 9 chained task nodes. */
function subWorkflows(n: number): GeneratedWorkflow {
  const per = 9;
  const units = Math.max(1, Math.round(n / (per + 1)));
  const subs: WorkflowTemplate[] = [];
  const nodes: Node[] = [];
  for (let i = 0; i < units; i++) {
    const sub = wf(`bench.sub${i}`, chainOf("s", per, "start-node", "a"), `s${per - 1}`);
    subs.push(sub);
    const from = i === 0 ? "start-node" : `w${i - 1}`;
    nodes.push(
      create(NodeSchema, {
        id: `w${i}`,
        inputs: [bind("a", from, i === 0 ? "a" : "o")],
        target: {
          case: "workflowNode",
          value: create(WorkflowNodeSchema, { reference: { case: "subWorkflowRef", value: sub.id as Identifier } }),
        },
      }),
    );
  }
  return {
    primary: wf("bench.subs", nodes, `w${units - 1}`),
    subWorkflows: subs,
    tasks: [incTask()],
    nodeCount: units * (per + 1),
  };
}

export function generate(shape: Shape, n: number): GeneratedWorkflow {
  switch (shape) {
    case "chain":
      return chain(n);
    case "fan-out":
      return fanOut(n);
    case "nested-branches":
      return nestedBranches(n);
    case "sub-workflows":
      return subWorkflows(n);
  }
}
