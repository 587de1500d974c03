import { create } from "@bufbuild/protobuf";
import { durationFromMs, timestampFromMs } from "@bufbuild/protobuf/wkt";
import {
  NodeExecutionClosureSchema,
  NodeExecutionMetaDataSchema,
  NodeExecutionSchema,
  type NodeExecution,
} from "@flyte-ts/idl/gen/flyteidl/admin/node_execution_pb";
import {
  CompiledWorkflowClosureSchema,
  CompiledWorkflowSchema,
  ConnectionSetSchema,
  type CompiledWorkflow,
  type CompiledWorkflowClosure,
} from "@flyte-ts/idl/gen/flyteidl/core/compiler_pb";
import { NodeExecution_Phase } from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";
import { IdentifierSchema, ResourceType, type Identifier } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import {
  BranchNodeSchema,
  IfBlockSchema,
  IfElseBlockSchema,
  NodeSchema,
  WorkflowTemplateSchema,
  type Node,
} from "@flyte-ts/idl/gen/flyteidl/core/workflow_pb";

/** Builders of closures and node executions for the graph and timeline unit tests. */

export const taskId = (name: string): Identifier =>
  create(IdentifierSchema, { resourceType: ResourceType.TASK, project: "p", domain: "d", name, version: "v1" });
export const workflowId = (name: string): Identifier =>
  create(IdentifierSchema, { resourceType: ResourceType.WORKFLOW, project: "p", domain: "d", name, version: "v1" });

export function taskNode(id: string, task: string, upstream: string[] = []): Node {
  return create(NodeSchema, {
    id,
    upstreamNodeIds: upstream,
    metadata: { name: task },
    target: { case: "taskNode", value: { reference: { case: "referenceId", value: taskId(task) } } },
  });
}

export function subWorkflowNode(id: string, workflow: string, upstream: string[] = []): Node {
  return create(NodeSchema, {
    id,
    upstreamNodeIds: upstream,
    target: { case: "workflowNode", value: { reference: { case: "subWorkflowRef", value: workflowId(workflow) } } },
  });
}

export function arrayNode(id: string, task: string): Node {
  return create(NodeSchema, { id, target: { case: "arrayNode", value: { node: taskNode(id, task) } } });
}

export function branchNode(id: string, cases: Node[], elseNode?: Node, upstream: string[] = []): Node {
  const [first, ...rest] = cases;
  return create(NodeSchema, {
    id,
    upstreamNodeIds: upstream,
    target: {
      case: "branchNode",
      value: create(BranchNodeSchema, {
        ifElse: create(IfElseBlockSchema, {
          case: create(IfBlockSchema, { ...(first ? { thenNode: first } : {}) }),
          other: rest.map((n) => create(IfBlockSchema, { thenNode: n })),
          ...(elseNode ? { default: { case: "elseNode", value: elseNode } } : {}),
        }),
      }),
    },
  });
}

export function workflow(name: string, nodes: Node[], upstream?: Record<string, string[]>): CompiledWorkflow {
  return create(CompiledWorkflowSchema, {
    template: create(WorkflowTemplateSchema, {
      id: workflowId(name),
      nodes: [create(NodeSchema, { id: "start-node" }), create(NodeSchema, { id: "end-node" }), ...nodes],
    }),
    ...(upstream
      ? {
          connections: create(ConnectionSetSchema, {
            upstream: Object.fromEntries(Object.entries(upstream).map(([k, ids]) => [k, { ids }])),
          }),
        }
      : {}),
  });
}

export function closureOf(primary: CompiledWorkflow, subWorkflows: CompiledWorkflow[] = []): CompiledWorkflowClosure {
  return create(CompiledWorkflowClosureSchema, { primary, subWorkflows });
}

export interface NodeExecutionOptions {
  readonly startedAtMs?: number;
  readonly createdAtMs?: number;
  readonly durationMs?: number;
  readonly specNodeId?: string;
  readonly isParent?: boolean;
  readonly isDynamic?: boolean;
}

export function nodeExecution(nodeId: string, phase: NodeExecution_Phase, o: NodeExecutionOptions = {}): NodeExecution {
  return create(NodeExecutionSchema, {
    id: { nodeId, executionId: { project: "p", domain: "d", name: "e1" } },
    closure: create(NodeExecutionClosureSchema, {
      phase,
      ...(o.startedAtMs === undefined ? {} : { startedAt: timestampFromMs(o.startedAtMs) }),
      ...(o.createdAtMs === undefined ? {} : { createdAt: timestampFromMs(o.createdAtMs) }),
      ...(o.durationMs === undefined ? {} : { duration: durationFromMs(o.durationMs) }),
    }),
    metadata: create(NodeExecutionMetaDataSchema, {
      specNodeId: o.specNodeId ?? nodeId,
      isParentNode: o.isParent ?? o.isDynamic ?? false,
      isDynamic: o.isDynamic ?? false,
    }),
  });
}

export { NodeExecution_Phase as Phase };
